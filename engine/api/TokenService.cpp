#include "TokenService.h"

#include "core/Clock.h"
#include "store/SqlBackend.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlQuery>
#include <QRandomGenerator>

namespace orrery {

TokenService::TokenService(Store *store, Clock *clock, QRandomGenerator *random)
    : m_store(store), m_clock(clock ? clock : SystemClock::instance()),
      m_random(random ? random : QRandomGenerator::system())
{
}

Result<void> TokenService::load()
{
    QMutexLocker change(&m_changeMutex);
    auto loaded = m_store->loadTokens();
    if (!loaded.ok())
        return Error::unavailable(QStringLiteral("Cannot load API tokens: %1").arg(loaded.error().message));
    QWriteLocker lock(&m_lock);
    m_tokens = loaded.value();
    return {};
}

QString TokenService::randomSecret() const
{
    QByteArray bytes(32, Qt::Uninitialized);
    m_random->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / int(sizeof(quint32)));
    return QStringLiteral("orr_") +
        QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString TokenService::randomId() const
{
    QByteArray bytes(8, Qt::Uninitialized);
    m_random->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / int(sizeof(quint32)));
    return QStringLiteral("tok_") + QString::fromLatin1(bytes.toHex());
}

Result<TokenService::Issued> TokenService::create(const QString &name, Role role, const QStringList &projects)
{
    if (name.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("A token needs a name."),
                              {{QStringLiteral("name"), QStringLiteral("must not be empty"), name}});
    QMutexLocker change(&m_changeMutex);
    Issued issued;
    issued.secret = randomSecret();
    issued.record.id = randomId();
    issued.record.name = name.trimmed();
    issued.record.hash = hashSecret(issued.secret.toLatin1());
    issued.record.role = roleName(role);
    issued.record.projects = projects;
    issued.record.createdMs = m_clock->nowMs();
    m_store->saveToken(issued.record);
    auto committed = m_store->flush();
    if (!committed.ok())
        return Error::unavailable(QStringLiteral("Cannot store the new token: %1").arg(committed.error().message));
    QWriteLocker lock(&m_lock);
    m_tokens.append(issued.record);
    return issued;
}

bool TokenService::hasUsableToken() const
{
    QReadLocker lock(&m_lock);
    for (const TokenRecord &t : m_tokens) {
        if (!t.revoked && parseRole(t.role))
            return true;
    }
    return false;
}

bool TokenService::hasUsableAdminToken() const
{
    QReadLocker lock(&m_lock);
    for (const TokenRecord &t : m_tokens) {
        if (!t.revoked && parseRole(t.role) == Role::Admin)
            return true;
    }
    return false;
}

Result<QString> TokenService::ensureAdminToken(const QString &dataDir)
{
    // Tokens made with `orreryd token create` before the first start may all be below admin;
    // someone must still be able to manage tokens.
    if (hasUsableAdminToken())
        return QString();
    if (dataDir.isEmpty())
        return Error::invalid(QStringLiteral("No data directory given for the admin token file."));
    if (!QDir().mkpath(dataDir))
        return Error::unavailable(QStringLiteral("Cannot create the data directory %1.").arg(dataDir));
    const QString path = QDir(dataDir).filePath(adminTokenFileName());
    // A file left by an earlier run holds a token the store does not know; replace it.
    if (QFileInfo(path).exists() || QFileInfo(path).isSymLink()) {
        if (!QFile::remove(path))
            return Error::unavailable(QStringLiteral("Cannot replace the stale admin token file %1.").arg(path));
    }
    QFile file(path);
    // NewOnly: fails on an existing file or symlink; the mode is set at creation, before any byte.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return Error::unavailable(QStringLiteral("Cannot create the admin token file %1: %2").arg(path, file.errorString()));

    auto issued = create(QStringLiteral("admin (first start)"), Role::Admin);
    if (!issued.ok()) {
        file.close();
        QFile::remove(path);
        return issued.error();
    }
    const QByteArray content = issued->secret.toLatin1() + '\n';
    if (file.write(content) != content.size() || !file.flush()) {
        const QString why = file.errorString();
        file.close();
        QFile::remove(path);
        // The token exists but nobody can know it: revoke it so the next start tries again.
        TokenRecord revoked = issued->record;
        revoked.revoked = true;
        m_store->saveToken(revoked);
        (void)m_store->flush();
        QWriteLocker lock(&m_lock);
        for (TokenRecord &t : m_tokens) {
            if (t.id == revoked.id)
                t.revoked = true;
        }
        return Error::unavailable(QStringLiteral("Cannot write the admin token file %1: %2").arg(path, why));
    }
    file.close();
    return path;
}

std::optional<Principal> TokenService::authenticate(const QByteArray &secret) const
{
    if (secret.isEmpty() || secret.size() > 512)
        return std::nullopt;
    const QByteArray hash = hashSecret(secret);
    QReadLocker lock(&m_lock);
    const TokenRecord *found = nullptr;
    // Compare against every hash, without an early exit, so timing says nothing about which.
    for (const TokenRecord &t : m_tokens) {
        if (constantTimeEquals(t.hash, hash) && !found)
            found = &t;
    }
    if (!found || found->revoked)
        return std::nullopt;
    const auto role = parseRole(found->role);
    if (!role)
        return std::nullopt;
    const qint64 now = m_clock->nowMs();
    {
        QMutexLocker use(&m_useMutex);
        qint64 &last = m_lastUse[found->id];
        if (now - last >= 1000) {
            last = now;
            m_unsavedUse.insert(found->id);
        }
    }
    return Principal{found->id, found->name, *role, found->projects};
}

QList<TokenRecord> TokenService::tokens() const
{
    QList<TokenRecord> out;
    {
        QReadLocker lock(&m_lock);
        out = m_tokens;
    }
    QMutexLocker use(&m_useMutex);
    for (TokenRecord &t : out)
        t.lastUsedMs = qMax(t.lastUsedMs, m_lastUse.value(t.id));
    return out;
}

QJsonObject TokenService::toJson(const TokenRecord &t)
{
    QJsonObject o{{QStringLiteral("id"), t.id},
                  {QStringLiteral("name"), t.name},
                  {QStringLiteral("role"), t.role},
                  {QStringLiteral("projects"), QJsonArray::fromStringList(t.projects)},
                  {QStringLiteral("createdTime"), t.createdMs},
                  {QStringLiteral("revoked"), t.revoked}};
    if (t.lastUsedMs > 0)
        o.insert(QStringLiteral("lastUsedTime"), t.lastUsedMs);
    return o;
}

Result<TokenRecord> TokenService::revoke(const QString &tokenId)
{
    QMutexLocker change(&m_changeMutex);
    TokenRecord target;
    {
        QReadLocker lock(&m_lock);
        const TokenRecord *found = nullptr;
        int otherAdmins = 0;
        for (const TokenRecord &t : m_tokens) {
            if (t.id == tokenId)
                found = &t;
            else if (!t.revoked && parseRole(t.role) == Role::Admin)
                ++otherAdmins;
        }
        if (!found)
            return Error::notFound(QStringLiteral("No API token with id %1; list them with GET /api/tokens or "
                                                  "'orreryd token list'.").arg(tokenId));
        if (found->revoked)
            return *found;
        if (parseRole(found->role) == Role::Admin && otherAdmins == 0)
            return Error::conflict(QStringLiteral("Token %1 ('%2') is the last admin token; create another admin token "
                                                  "before revoking it, or nobody could manage tokens any more.")
                                       .arg(found->id, found->name));
        target = *found;
    }
    target.revoked = true;
    {
        QMutexLocker use(&m_useMutex);
        target.lastUsedMs = qMax(target.lastUsedMs, m_lastUse.value(target.id));
    }
    m_store->saveToken(target);
    if (auto committed = m_store->flush(); !committed.ok())
        return Error::unavailable(QStringLiteral("Cannot store the revocation of token %1: %2").arg(tokenId, committed.error().message));
    QWriteLocker lock(&m_lock);
    for (TokenRecord &t : m_tokens) {
        if (t.id == tokenId)
            t.revoked = true;
    }
    return target;
}

Result<void> TokenService::reload()
{
    return load();
}

Result<int> TokenService::persistLastUse(QSqlDatabase &db, const SqlBackend &backend)
{
    QHash<QString, qint64> pending;
    {
        QMutexLocker use(&m_useMutex);
        for (const QString &id : std::as_const(m_unsavedUse))
            pending.insert(id, m_lastUse.value(id));
        m_unsavedUse.clear();
    }
    int updated = 0;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE api_tokens SET last_used = ? WHERE id = ? AND last_used < ?"));
    for (auto it = pending.constBegin(); it != pending.constEnd(); ++it) {
        q.addBindValue(qlonglong(it.value()));
        q.addBindValue(it.key());
        q.addBindValue(qlonglong(it.value()));
        if (!q.exec()) {
            QMutexLocker use(&m_useMutex);
            for (auto p = pending.constBegin(); p != pending.constEnd(); ++p)
                m_unsavedUse.insert(p.key());
            return backend.queryError(QStringLiteral("cannot record when API tokens were last used"), q);
        }
        updated += q.numRowsAffected() > 0 ? 1 : 0;
    }
    return updated;
}

QByteArray TokenService::hashSecret(const QByteArray &secret)
{
    return QCryptographicHash::hash(secret, QCryptographicHash::Sha256);
}

bool TokenService::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace orrery
