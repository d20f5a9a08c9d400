#pragma once

#include "Principal.h"

#include "core/Result.h"
#include "store/Store.h"

#include <QList>
#include <QReadWriteLock>
#include <QString>

class QRandomGenerator;

namespace orrery {

class Clock;

// API bearer tokens. A token is "orr_" + 32 random bytes in base64url (no padding); only its
// SHA-256 is stored (Store::saveToken) and kept in memory. Authentication hashes the presented
// secret and compares it with every known hash in constant time. Thread-safe.
class TokenService final : public Authenticator
{
public:
    // `random` must be a cryptographically secure generator in production (the default,
    // QRandomGenerator::system()); tests may pass a seeded one. Nothing is owned.
    TokenService(Store *store, Clock *clock, QRandomGenerator *random = nullptr);

    // Loads the stored tokens (blocking read). Call once before serving.
    Result<void> load();

    struct Issued
    {
        TokenRecord record;
        QString secret; // shown once; never stored
    };
    // Creates a token and waits until it is committed (blocking: call off the server thread).
    Result<Issued> create(const QString &name, Role role, const QStringList &projects = {});

    // First start: when no usable token exists, creates an admin token and writes its secret to
    // <dataDir>/admin-token with mode 0600 (created exclusively, never through a symlink).
    // Returns the file's path when it created one, an empty string when tokens already exist.
    Result<QString> ensureAdminToken(const QString &dataDir);

    std::optional<Principal> authenticate(const QByteArray &secret) const override;

    QList<TokenRecord> tokens() const; // hashes included, secrets never
    bool hasUsableToken() const;

    static QByteArray hashSecret(const QByteArray &secret);
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
    static QString adminTokenFileName() { return QStringLiteral("admin-token"); }

private:
    QString randomSecret() const;
    QString randomId() const;

    Store *m_store;
    Clock *m_clock;
    QRandomGenerator *m_random;
    mutable QReadWriteLock m_lock;
    QList<TokenRecord> m_tokens;
};

} // namespace orrery
