#include "Principal.h"

namespace orrery {

QString roleName(Role role)
{
    switch (role) {
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::Operator: return QStringLiteral("operator");
    case Role::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("viewer");
}

std::optional<Role> parseRole(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("viewer"))
        return Role::Viewer;
    if (n == QLatin1String("operator"))
        return Role::Operator;
    if (n == QLatin1String("admin"))
        return Role::Admin;
    return std::nullopt;
}

QString accessName(Access access)
{
    switch (access) {
    case Access::Anonymous: return QStringLiteral("anonymous");
    case Access::Viewer: return QStringLiteral("viewer");
    case Access::Operator: return QStringLiteral("operator");
    case Access::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("admin");
}

} // namespace orrery
