#include "AuditLog.h"

#include "QueryExecutor.h"
#include "SqlWhere.h"

#include "store/SqlBackend.h"

#include <QDebug>
#include <QJsonArray>
#include <QSemaphore>
#include <QSqlError>
#include <QSqlQuery>

namespace orrery {

namespace {
constexpr int kMaxPending = 100'000;
}

QString AuditEntry::outcomeOf(int status)
{
    if (status < 400)
        return QStringLiteral("ok");
    if (status == 401 || status == 403 || status == 429)
        return QStringLiteral("denied");
    if (status < 500)
        return QStringLiteral("rejected");
    return QStringLiteral("error");
}

QJsonObject AuditEntry::toJson(qint64 id) const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("time"), timeMs},
                  {QStringLiteral("actorId"), actorId},
                  {QStringLiteral("actor"), actor},
                  {QStringLiteral("role"), role},
                  {QStringLiteral("method"), method},
                  {QStringLiteral("route"), route},
                  {QStringLiteral("target"), target},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("outcome"), outcome},
                  {QStringLiteral("remote"), remote}};
    if (!message.isEmpty())
        o.insert(QStringLiteral("message"), message);
    return o;
}

AuditLog::AuditLog(Store *store) : m_writer(std::make_unique<QueryExecutor>(store, QStringLiteral("orrery-audit"), 1)) {}

AuditLog::~AuditLog()
{
    stop();
}

void AuditLog::start()
{
    QMutexLocker lock(&m_mutex);
    if (m_running)
        return;
    m_running = true;
    m_writer->start();
}

void AuditLog::stop()
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_running)
            return;
        if (!m_pending.isEmpty())
            scheduleFlushLocked();
        m_running = false;
    }
    m_writer->stop(); // runs the queued flush first
}

void AuditLog::record(AuditEntry entry)
{
    QMutexLocker lock(&m_mutex);
    if (!m_running)
        return;
    if (m_pending.size() >= kMaxPending) {
        ++m_dropped;
        return;
    }
    m_pending.append(std::move(entry));
    scheduleFlushLocked();
}

void AuditLog::requestFinished(const RequestRecord &r)
{
    if (!r.audited)
        return;
    AuditEntry e;
    e.timeMs = r.timeMs;
    if (r.principal) {
        e.actorId = r.principal->tokenId;
        e.actor = r.principal->name;
        e.role = roleName(r.principal->role);
    }
    e.method = QString::fromLatin1(r.method);
    e.route = r.route;
    e.target = r.path;
    e.status = r.status;
    e.outcome = AuditEntry::outcomeOf(r.status);
    e.remote = r.remoteAddress;
    e.message = r.message.left(500);
    record(std::move(e));
}

qint64 AuditLog::dropped() const
{
    QMutexLocker lock(&m_mutex);
    return m_dropped;
}

void AuditLog::scheduleFlushLocked()
{
    if (m_flushQueued)
        return;
    m_flushQueued = true;
    const bool posted = m_writer->post([this](QueryExecutor::Connection &c) {
        if (c.error) {
            QMutexLocker lock(&m_mutex);
            qWarning("audit log: %s; %d entries stay queued", qPrintable(c.error->message), int(m_pending.size()));
            m_flushQueued = false;
            return;
        }
        if (!writePending(c.db, *c.backend))
            c.failed = true;
    });
    if (!posted)
        m_flushQueued = false;
}

bool AuditLog::writePending(QSqlDatabase &db, const SqlBackend &backend)
{
    QList<AuditEntry> batch;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_pending);
        m_flushQueued = false;
    }
    if (batch.isEmpty())
        return true;
    auto written = insert(db, backend, batch);
    if (written.ok())
        return true;
    qWarning("audit log: %s; %d entries re-queued", qPrintable(written.error().message), int(batch.size()));
    QMutexLocker lock(&m_mutex);
    const qsizetype room = qMax<qsizetype>(0, kMaxPending - m_pending.size());
    m_dropped += qMax<qsizetype>(0, batch.size() - room);
    batch.resize(qMin(batch.size(), room));
    m_pending = batch + m_pending;
    return false;
}

bool AuditLog::flush(int timeoutMs)
{
    auto done = std::make_shared<QSemaphore>();
    auto ok = std::make_shared<bool>(false);
    {
        QMutexLocker lock(&m_mutex);
        if (!m_running)
            return m_pending.isEmpty();
    }
    const bool posted = m_writer->post([this, done, ok](QueryExecutor::Connection &c) {
        *ok = !c.error && writePending(c.db, *c.backend);
        if (!*ok)
            c.failed = true;
        done->release();
    });
    return posted && done->tryAcquire(1, timeoutMs) && *ok;
}

Result<void> AuditLog::insert(QSqlDatabase &db, const SqlBackend &backend, const QList<AuditEntry> &entries)
{
    if (entries.isEmpty())
        return {};
    if (!db.transaction())
        return backend.sqlError(QStringLiteral("cannot start writing the audit log"), db.lastError());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO api_audit (time, actor_id, actor, role, method, route, target, status, outcome, "
                             "remote, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const AuditEntry &e : entries) {
        q.addBindValue(qlonglong(e.timeMs));
        q.addBindValue(e.actorId.isNull() ? QStringLiteral("") : e.actorId);
        q.addBindValue(e.actor.isNull() ? QStringLiteral("") : e.actor);
        q.addBindValue(e.role.isNull() ? QStringLiteral("") : e.role);
        q.addBindValue(e.method);
        q.addBindValue(e.route);
        q.addBindValue(e.target);
        q.addBindValue(e.status);
        q.addBindValue(e.outcome);
        q.addBindValue(e.remote.isNull() ? QStringLiteral("") : e.remote);
        q.addBindValue(e.message.isNull() ? QStringLiteral("") : e.message);
        if (!q.exec()) {
            const Error err = backend.queryError(QStringLiteral("cannot write the audit log"), q);
            db.rollback();
            return err;
        }
    }
    if (!db.commit())
        return backend.sqlError(QStringLiteral("cannot commit the audit log"), db.lastError());
    return {};
}

Result<QJsonObject> AuditLog::list(QSqlDatabase &db, const SqlBackend &backend, const AuditFilter &f)
{
    SqlWhere where;
    if (f.since)
        where.add(QStringLiteral("time >= ?"), {qlonglong(*f.since)});
    if (f.until)
        where.add(QStringLiteral("time <= ?"), {qlonglong(*f.until)});
    if (!f.actorId.isEmpty())
        where.add(QStringLiteral("actor_id = ?"), {f.actorId});
    if (!f.actor.isEmpty())
        where.add(QStringLiteral("actor = ?"), {f.actor});
    if (!f.method.isEmpty())
        where.add(QStringLiteral("method = ?"), {f.method});
    if (!f.route.isEmpty())
        where.add(QStringLiteral("route = ?"), {f.route});
    if (!f.targetPrefix.isEmpty())
        where.add(QStringLiteral("target LIKE ? ESCAPE '\\'"),
                  {SqlWhere::containsPattern(f.targetPrefix).mid(1)}); // prefix: no leading %
    where.addIn(QStringLiteral("outcome"), f.outcomes);
    if (f.status)
        where.add(QStringLiteral("status = ?"), {*f.status});

    QSqlQuery count(db);
    count.prepare(QStringLiteral("SELECT COUNT(*) FROM api_audit") + where.sql());
    where.bind(count);
    if (!count.exec() || !count.next())
        return backend.queryError(QStringLiteral("cannot count audit entries"), count);
    const qint64 total = count.value(0).toLongLong();

    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT seq, time, actor_id, actor, role, method, route, target, status, outcome, remote, "
                             "message FROM api_audit") +
              where.sql() + QStringLiteral(" ORDER BY time DESC, seq DESC LIMIT ? OFFSET ?"));
    where.bind(q);
    q.addBindValue(f.paging.size);
    q.addBindValue(f.paging.start);
    if (!q.exec())
        return backend.queryError(QStringLiteral("cannot list audit entries"), q);
    QJsonArray results;
    while (q.next()) {
        AuditEntry e{q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                     q.value(5).toString(),   q.value(6).toString(), q.value(7).toString(), q.value(8).toInt(),
                     q.value(9).toString(),   q.value(10).toString(), q.value(11).toString()};
        results.append(e.toJson(q.value(0).toLongLong()));
    }
    return f.paging.page(total, results);
}

} // namespace orrery
