#include "runtime/PostgresEngineLease.h"

#include "store/SqlBackend.h"

#include <QDateTime>
#include <QSqlQuery>

namespace orrery {

namespace {
int connectionCounter = 0;
} // namespace

PostgresEngineLease::PostgresEngineLease(StoreUrl url, QString instance, QString advertisedUrl)
    : m_url(std::move(url)), m_instance(std::move(instance)), m_advertisedUrl(std::move(advertisedUrl)),
      m_backend(SqlBackend::create(m_url)),
      m_connectionName(QStringLiteral("orrery-engine-lease-%1").arg(++connectionCounter))
{
}

PostgresEngineLease::~PostgresEngineLease() { release(); }

Result<void> PostgresEngineLease::connect()
{
    if (m_db.isOpen())
        return {};
    disconnect();
    auto db = m_backend->openConnection(m_connectionName, QStringLiteral("lease"));
    if (!db.ok())
        return db.error();
    m_db = db.value();
    // The server side notices a silent peer (a holder's host gone without a FIN) within about
    // 5 + 3 * 2 s instead of the kernel's default of hours, and then frees the lock.
    QSqlQuery q(m_db);
    for (const char *sql : {"SET tcp_keepalives_idle = 5", "SET tcp_keepalives_interval = 2", "SET tcp_keepalives_count = 3",
                            "SET tcp_user_timeout = 11000"}) {
        if (!q.exec(QString::fromLatin1(sql)))
            return m_backend->queryError(QStringLiteral("engine lease: cannot configure its connection"), q);
    }
    return {};
}

void PostgresEngineLease::disconnect()
{
    m_held = false;
    if (!m_db.isValid())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    SqlBackend::closeConnection(m_connectionName);
}

Result<bool> PostgresEngineLease::tryAcquire()
{
    if (m_held) {
        auto still = stillHeld();
        if (!still.ok() || still.value())
            return still;
    }
    if (auto r = connect(); !r.ok())
        return r.error();
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(kLockKey)) || !q.next()) {
        const Error e = m_backend->queryError(QStringLiteral("engine lease: cannot ask for the lock"), q);
        disconnect(); // a broken connection is opened anew next time
        return e;
    }
    if (!q.value(0).toBool())
        return false;
    m_held = true;
    if (auto r = publish(); !r.ok()) {
        // Holding a lease nobody can find is worse than not holding it: give it back.
        release();
        return r.error();
    }
    return true;
}

Result<void> PostgresEngineLease::publish()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS orrery_engine_lease (id INTEGER PRIMARY KEY, "
                               "instance TEXT NOT NULL, url TEXT NOT NULL, since BIGINT NOT NULL)")))
        return m_backend->queryError(QStringLiteral("engine lease: cannot create orrery_engine_lease"), q);
    q.prepare(QStringLiteral("INSERT INTO orrery_engine_lease (id, instance, url, since) VALUES (1, ?, ?, ?) "
                             "ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, url = EXCLUDED.url, "
                             "since = EXCLUDED.since"));
    q.addBindValue(m_instance);
    q.addBindValue(m_advertisedUrl);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return m_backend->queryError(QStringLiteral("engine lease: cannot publish the holder"), q);
    return {};
}

Result<bool> PostgresEngineLease::stillHeld()
{
    if (m_regaining) {
        // The connection broke while we held the lease (the database restarted, say). Until the
        // database answers again that is "unknown", not "lost": exiting here would take the only
        // instance down with every restart of PostgreSQL.
        auto again = tryAcquire();
        if (!again.ok())
            return Error::unavailable(QStringLiteral("engine lease: reconnecting: %1").arg(again.error().message));
        m_regaining = false;
        return again.value();
    }
    if (!m_held)
        return false;
    QSqlQuery q(m_db);
    // A bigint advisory key shows in pg_locks as classid (high half), objid (low half), objsubid 1.
    const QString sql = QStringLiteral("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                                       "AND classid = %1 AND objid = %2 AND objsubid = 1 AND granted")
                            .arg(quint32(quint64(kLockKey) >> 32))
                            .arg(quint32(quint64(kLockKey) & 0xffffffffu));
    if (q.exec(sql) && q.next())
        return q.value(0).toInt() > 0;
    // The connection is gone, and with it the lock. Take it again if nobody else did meanwhile.
    const Error lost = m_backend->queryError(QStringLiteral("engine lease: its connection failed"), q);
    disconnect();
    auto again = tryAcquire();
    if (!again.ok()) {
        m_regaining = true;
        return Error::unavailable(QStringLiteral("%1; reconnecting: %2").arg(lost.message, again.error().message));
    }
    return again.value();
}

Result<EngineLeaseHolder> PostgresEngineLease::holder()
{
    if (auto r = connect(); !r.ok())
        return r.error();
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT instance, url, since FROM orrery_engine_lease WHERE id = 1"))) {
        // No table yet: nobody has ever held the lease on this database.
        if (!q.exec(QStringLiteral("SELECT to_regclass('orrery_engine_lease') IS NULL")) || !q.next()) {
            const Error e = m_backend->queryError(QStringLiteral("engine lease: cannot read the holder"), q);
            disconnect();
            return e;
        }
        return EngineLeaseHolder{};
    }
    if (!q.next())
        return EngineLeaseHolder{};
    return EngineLeaseHolder{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()};
}

void PostgresEngineLease::release()
{
    if (m_held && m_db.isOpen()) {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kLockKey));
    }
    m_regaining = false;
    disconnect();
}

} // namespace orrery
