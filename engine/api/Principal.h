#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace orrery {

// Roles are ordered: each one may do everything the previous one may.
//   viewer   - read-only GETs
//   operator - also starts workflows and uses the worker API (poll, update, logs)
//   admin    - everything, including definitions and tokens
enum class Role { Viewer = 1, Operator = 2, Admin = 3 };

QString roleName(Role role);
std::optional<Role> parseRole(const QString &name); // case-insensitive

// What a route requires of the caller. Anonymous routes skip authentication entirely.
enum class Access { Anonymous = 0, Viewer = 1, Operator = 2, Admin = 3 };

QString accessName(Access access);

// The authenticated caller of a request.
struct Principal
{
    QString tokenId;
    QString name;
    Role role = Role::Viewer;
    QStringList projects; // empty = all projects

    bool allows(Access access) const { return int(role) >= int(access); }
};

// Resolves a presented secret to a principal. Implementations must be thread-safe and must not
// block (they run on the API server thread for every request).
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    virtual std::optional<Principal> authenticate(const QByteArray &secret) const = 0;
};

} // namespace orrery
