#pragma once

#include "Principal.h"

#include "core/Result.h"
#include "store/Store.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QReadWriteLock>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

class QRandomGenerator;

namespace orrery {

class Clock;
class SqlBackend;

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

    // First start: when no usable admin token exists, creates an admin token and writes its secret to
    // <dataDir>/admin-token with mode 0600 (created exclusively, never through a symlink).
    // Returns the file's path when it created one, an empty string when tokens already exist.
    Result<QString> ensureAdminToken(const QString &dataDir);

    std::optional<Principal> authenticate(const QByteArray &secret) const override;

    // Revokes a token and waits until that is committed (blocking: call off the server thread).
    // Revoking an already revoked token succeeds. Refuses (409) to revoke the last usable admin
    // token, which would lock every administrator out. NotFound for an unknown id.
    Result<TokenRecord> revoke(const QString &tokenId);
    // Re-reads the tokens from the store (blocking), so tokens created or revoked elsewhere (the
    // `orreryd token` command, another instance) take effect. Last-use times seen here are kept.
    Result<void> reload();
    // Writes the last-use times recorded since the previous call to the store, on a connection
    // the caller owns (only ever moving last_used forward). Returns how many tokens were updated.
    Result<int> persistLastUse(QSqlDatabase &db, const SqlBackend &backend);

    QList<TokenRecord> tokens() const; // hashes included, secrets never; lastUsedMs is current
    // The token's record as a JSON object for the API (never the hash).
    static QJsonObject toJson(const TokenRecord &record);
    bool hasUsableToken() const;
    bool hasUsableAdminToken() const;
    Store *store() const { return m_store; }

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
    QMutex m_changeMutex; // serialises load/create/revoke (each reads or writes the store first)
    QList<TokenRecord> m_tokens;
    // Last use per token id, updated on authentication (at most once a second per token).
    mutable QMutex m_useMutex;
    mutable QHash<QString, qint64> m_lastUse;
    mutable QSet<QString> m_unsavedUse;
};

} // namespace orrery
