#include "DeadLetterQueue.h"

#include "DlqRetention.h"

#include "core/Clock.h"
#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcDlq, "orrery.dlq")

namespace orrery {

DeadLetterQueue::DeadLetterQueue(Store *store, DlqConfig config, const Clock *clock, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(std::move(config))
    , m_clock(clock)
    , m_mailbox(std::make_shared<Mailbox>())
    , m_connectionName(QStringLiteral("orrery-dlq-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_monitor(new DlqMonitor(m_config.alerts, clock, seed, this))
    , m_timer(this)
{
    m_mailbox->queue = this;
    connect(m_monitor, &DlqMonitor::alertRaised, this, &DeadLetterQueue::engineEvent);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DeadLetterQueue::processDue);
}

DeadLetterQueue::~DeadLetterQueue()
{
    {
        QMutexLocker lock(&m_mailbox->mutex);
        m_mailbox->queue = nullptr;
    }
    close();
}

DeadLetterQueue::Poster DeadLetterQueue::poster() const
{
    return [mailbox = m_mailbox](Job fn) {
        QMutexLocker lock(&mailbox->mutex);
        if (DeadLetterQueue *q = mailbox->queue)
            QMetaObject::invokeMethod(q, [q, fn = std::move(fn)] { fn(*q); }, Qt::QueuedConnection);
    };
}

Result<void> DeadLetterQueue::open()
{
    if (m_table)
        return {};
    auto db = m_store->openModuleConnection(m_connectionName);
    if (!db.ok())
        return db.error();
    m_table = std::make_unique<DlqTable>(db.value(), m_store->backend());
    if (auto r = m_table->check(); !r.ok()) {
        close();
        return r;
    }
    // A replay the process did not see answered goes back to DEAD (replaying it again is safe:
    // the engine refuses a second attempt of a task that is running).
    if (auto r = m_table->reviveReplaying(m_clock->nowMs()); !r.ok())
        return r.error();
    m_monitor->open(m_table.get());
    m_reconciler = std::make_unique<DlqReconciler>(db.value(), m_store->backend(), m_store, m_table.get());
    m_nextSweepMs = 0; // logs the start-up pass whatever it finds
    // Not fatal: the sweep tries again (and every later start looks from the same watermark).
    if (auto r = reconcile(); !r.ok())
        qCWarning(lcDlq).noquote() << "DLQ reconciliation at start-up failed:" << r.error().message;
    m_nextSweepMs = m_clock->nowMs() + m_config.sweepIntervalMs;
    if (auto r = enforceRetention(); !r.ok())
        qCWarning(lcDlq).noquote() << "DLQ retention sweep failed:" << r.error().message;
    processDue();
    return {};
}

void DeadLetterQueue::close()
{
    m_timer.stop();
    m_monitor->close();
    if (m_table) {
        m_reconciler.reset();
        m_table.reset();
        SqlBackend::closeConnection(m_connectionName);
    }
}

Result<DlqTable *> DeadLetterQueue::table()
{
    if (!m_table)
        return Error::unavailable(QStringLiteral("The dead-letter queue is not open."));
    return m_table.get();
}

void DeadLetterQueue::count(const QString &counter, qint64 delta)
{
    if (delta == 0 || !m_table)
        return;
    if (auto r = m_table->addToCounter(counter, delta); !r.ok())
        qCWarning(lcDlq).noquote() << r.error().message;
}

Result<QString> DeadLetterQueue::add(const DeadLetterInput &in)
{
    return record(in, true);
}

Result<QString> DeadLetterQueue::record(const DeadLetterInput &in, bool trim)
{
    if (in.reasonClass == QLatin1String("CANCELED") && !m_config.acceptCanceled)
        return QString();
    auto t = table();
    if (!t.ok())
        return t.error();
    const qint64 now = m_clock->nowMs();
    auto existing = (*t)->findByRef(in.task.workflowInstanceId, in.task.referenceTaskName);
    if (!existing.ok())
        return existing.error();
    if (existing.value() && existing.value()->taskId == in.task.taskId)
        return existing.value()->id; // this death is recorded already
    DeadLetterEntry e;
    const bool reopened = existing.value().has_value();
    const bool wasDead = reopened && existing.value()->status == DeadLetterEntry::Status::Dead;
    if (reopened) {
        e = *existing.value();
        e.reopen(in, now, m_config.outputExcerptBytes);
    } else {
        e = DeadLetterEntry::create(QUuid::createUuid().toString(QUuid::WithoutBraces), in, now, m_config.outputExcerptBytes);
    }
    if (auto r = (*t)->save(e); !r.ok())
        return r.error();
    if (reopened)
        count(QStringLiteral("reopened"), 1);
    count(QStringLiteral("deadLettered"), 1);
    m_monitor->deadLettered(now, !reopened, wasDead); // counted there, not by a COUNT(*) per entry
    qCInfo(lcDlq).noquote() << "task" << e.taskId << "of workflow" << e.workflowId << "dead-lettered:" << e.reasonClass
                            << "-" << e.message;
    if (trim && m_config.maxEntries > 0 && m_monitor->total() > m_config.maxEntries) {
        if (auto trimmed = DlqRetention(m_config.ttlMs, m_config.maxEntries).trim(**t); trimmed.ok())
            afterRemoval(trimmed.value(), "evictedSize");
    }
    m_monitor->checkInflow(now);
    return e.id;
}

Result<DlqReconciler::Report> DeadLetterQueue::reconcile()
{
    if (!m_reconciler)
        return Error::unavailable(QStringLiteral("The dead-letter queue is not open."));
    const bool startUp = m_nextSweepMs == 0;
    auto report = m_reconciler->run(m_clock->nowMs(), m_config.ttlMs, m_config.acceptCanceled, [this](const DeadLetterInput &in) -> Result<void> {
        auto added = record(in, false); // retention trims at the next sweep, not mid-run
        if (!added.ok())
            return added.error();
        qCWarning(lcDlq).noquote() << "DLQ reconciliation: task" << in.task.taskId << "of workflow" << in.task.workflowInstanceId
                                   << "(" << in.task.referenceTaskName << ") had ended for good without an entry; entry"
                                   << added.value() << "recorded with" << in.attempts.size() << "attempts";
        return {};
    });
    if (!report.ok())
        return report;
    count(QStringLiteral("reconciled"), report->recorded);
    if (startUp || report->recorded > 0)
        qCInfo(lcDlq).noquote() << "DLQ reconciliation:" << report->recorded << "entries reconciled ("
                                << report->workflows << "candidate workflows," << report->fenced
                                << "left alone after a removal; tasks updated since"
                                << QDateTime::fromMSecsSinceEpoch(report->fromMs, Qt::UTC).toString(Qt::ISODateWithMs)
                                << "looked at)";
    return report;
}

Result<void> DeadLetterQueue::reconcileBeforeRemoval()
{
    auto r = reconcile();
    if (!r.ok())
        return Error{r.error().kind, QStringLiteral("cannot reconcile the DLQ before removing entries: ") + r.error().message};
    return {};
}

Result<QJsonObject> DeadLetterQueue::list(const DlqFilter &filter, int start, int size)
{
    auto t = table();
    if (!t.ok())
        return t.error();
    if (start < 0 || size < 0 || size > kMaxPageSize)
        return Error::invalid(QStringLiteral("paging: start must be >= 0 and size between 0 and %1").arg(kMaxPageSize));
    auto total = (*t)->count(filter);
    if (!total.ok())
        return total.error();
    auto rows = (*t)->list(filter, start, size);
    if (!rows.ok())
        return rows.error();
    QJsonArray results;
    for (const DeadLetterEntry &e : rows.value())
        results.append(e.summaryJson());
    return QJsonObject{{QStringLiteral("totalHits"), double(total.value())}, {QStringLiteral("results"), results}};
}

Result<std::optional<DeadLetterEntry>> DeadLetterQueue::entry(const QString &id)
{
    auto t = table();
    if (!t.ok())
        return t.error();
    return (*t)->get(id);
}

Result<std::optional<DeadLetterEntry>> DeadLetterQueue::entryFor(const QString &workflowId, const QString &ref)
{
    auto t = table();
    if (!t.ok())
        return t.error();
    return (*t)->findByRef(workflowId, ref);
}

void DeadLetterQueue::replay(const QString &id, const QString &by, std::function<void(Result<QJsonObject>)> reply)
{
    auto found = entry(id);
    if (!found.ok())
        return reply(found.error());
    if (!found.value())
        return reply(Error::notFound(QStringLiteral("No DLQ entry with id %1").arg(id)));
    const DeadLetterEntry &e = *found.value();
    if (e.status != DeadLetterEntry::Status::Dead)
        return reply(Error::conflict(QStringLiteral("DLQ entry %1 is %2; only DEAD entries can be replayed "
                                                    "(it returns to DEAD if its task fails again).")
                                         .arg(id, DeadLetterEntry::statusName(e.status))));
    issue(id, by, QString(), std::move(reply));
}

void DeadLetterQueue::issue(const QString &id, const QString &by, const QString &jobId,
                            std::function<void(Result<QJsonObject>)> done)
{
    auto found = entry(id);
    if (!found.ok() || !found.value() || found.value()->status != DeadLetterEntry::Status::Dead) {
        done(found.ok() ? Error::conflict(QStringLiteral("DLQ entry %1 is gone or no longer DEAD").arg(id)) : found.error());
        return;
    }
    DeadLetterEntry e = *found.value();
    if (!m_replayer) {
        done(Error::unavailable(QStringLiteral("The DLQ is not connected to an engine; replay is unavailable.")));
        return;
    }
    e.status = DeadLetterEntry::Status::Replaying;
    e.updatedMs = m_clock->nowMs();
    if (auto r = m_table->save(e); !r.ok()) {
        done(r.error());
        return;
    }
    m_monitor->replayStarted();
    const Poster post = poster();
    const QString fromTaskId = e.taskId;
    m_replayer(e.workflowId, e.referenceTaskName, [post, id, by, jobId, fromTaskId, done](Result<QString> r) {
        post([=](DeadLetterQueue &q) { q.replayed(id, by, jobId, fromTaskId, r, done); });
    });
}

void DeadLetterQueue::replayed(const QString &id, const QString &by, const QString &jobId, const QString &fromTaskId,
                               const Result<QString> &result, const std::function<void(Result<QJsonObject>)> &done)
{
    auto found = entry(id);
    if (!found.ok() || !found.value()) { // purged meanwhile
        done(result.ok() ? Result<QJsonObject>(QJsonObject{{QStringLiteral("newTaskId"), result.value()}})
                         : Result<QJsonObject>(result.error()));
        return;
    }
    DeadLetterEntry e = *found.value();
    const qint64 now = m_clock->nowMs();
    e.replays.append(DeadLetterReplay{now, by, jobId, fromTaskId, result.ok() ? result.value() : QString(),
                                      result.ok() ? QString() : result.error().message});
    // If the entry was reopened meanwhile (the new attempt already died), it stays DEAD.
    if (e.taskId == fromTaskId && e.status == DeadLetterEntry::Status::Replaying) {
        e.status = result.ok() ? DeadLetterEntry::Status::Replayed : DeadLetterEntry::Status::Dead;
        m_monitor->replaySettled(result.ok());
    }
    e.updatedMs = now;
    if (auto r = m_table->save(e); !r.ok()) {
        done(r.error());
        return;
    }
    count(result.ok() ? QStringLiteral("replayed") : QStringLiteral("replayFailed"), 1);
    m_monitor->replayAnswered(now, result.ok());
    if (!result.ok()) {
        qCWarning(lcDlq).noquote() << "replay of DLQ entry" << id << "refused:" << result.error().message;
        done(result.error());
        return;
    }
    done(QJsonObject{{QStringLiteral("entry"), e.summaryJson()}, {QStringLiteral("newTaskId"), result.value()}});
}

Result<QJsonObject> DeadLetterQueue::replayMatching(DlqFilter filter, double ratePerSecond, bool dryRun, const QString &by)
{
    auto t = table();
    if (!t.ok())
        return t.error();
    if (ratePerSecond < 0 || ratePerSecond > m_config.maxReplayRatePerSecond)
        return Error::invalid(QStringLiteral("ratePerSecond must be between 0 (no limit) and %1, got %2")
                                  .arg(m_config.maxReplayRatePerSecond).arg(ratePerSecond),
                              {{QStringLiteral("ratePerSecond"), QStringLiteral("out of range"), ratePerSecond}});
    filter.statuses = {QStringLiteral("DEAD")}; // only DEAD entries can be replayed
    auto ids = (*t)->ids(filter, kMaxBulk);
    if (!ids.ok())
        return ids.error();
    QJsonObject out{{QStringLiteral("matched"), int(ids->size())},
                    {QStringLiteral("dryRun"), dryRun},
                    {QStringLiteral("ratePerSecond"), ratePerSecond},
                    {QStringLiteral("filter"), filter.toJson()}};
    if (ratePerSecond > 0)
        out.insert(QStringLiteral("estimatedSeconds"), double(ids->size()) / ratePerSecond);
    if (dryRun || ids->isEmpty())
        return out;
    const QString jobId = m_jobs.start(ids.value(), ratePerSecond, m_clock->nowMs(), by);
    out.insert(QStringLiteral("jobId"), jobId);
    qCInfo(lcDlq).noquote() << by << "replays" << ids->size() << "DLQ entries as job" << jobId << "at"
                            << (ratePerSecond > 0 ? QString::number(ratePerSecond) + QStringLiteral("/s") : QStringLiteral("full speed"));
    processDue();
    return out;
}

QJsonObject DeadLetterQueue::replayJobs() const
{
    return QJsonObject{{QStringLiteral("jobs"), m_jobs.toJson(m_clock->nowMs())}};
}

Result<QJsonObject> DeadLetterQueue::purge(const DlqFilter &filter, bool dryRun, const QString &by)
{
    auto t = table();
    if (!t.ok())
        return t.error();
    auto matched = (*t)->count(filter);
    if (!matched.ok())
        return matched.error();
    QJsonObject out{{QStringLiteral("matched"), double(matched.value())},
                    {QStringLiteral("dryRun"), dryRun},
                    {QStringLiteral("filter"), filter.toJson()}};
    if (dryRun)
        return out;
    if (auto r = reconcileBeforeRemoval(); !r.ok())
        return r.error();
    auto removed = (*t)->removeMatching(filter);
    if (!removed.ok())
        return removed.error();
    if (auto r = m_reconciler->fenceRemovals(m_clock->nowMs()); !r.ok())
        qCWarning(lcDlq).noquote() << r.error().message;
    out.insert(QStringLiteral("purged"), removed.value());
    qCInfo(lcDlq).noquote() << by << "purged" << removed.value() << "DLQ entries";
    afterRemoval(removed.value(), "purged");
    return out;
}

Result<void> DeadLetterQueue::remove(const QString &id, const QString &by)
{
    auto t = table();
    if (!t.ok())
        return t.error();
    if (auto r = reconcileBeforeRemoval(); !r.ok())
        return r.error();
    auto removed = (*t)->remove(id);
    if (!removed.ok())
        return removed.error();
    if (removed.value() == 0)
        return Error::notFound(QStringLiteral("No DLQ entry with id %1").arg(id));
    if (auto r = m_reconciler->fenceRemovals(m_clock->nowMs()); !r.ok())
        qCWarning(lcDlq).noquote() << r.error().message;
    qCInfo(lcDlq).noquote() << by << "deleted DLQ entry" << id;
    afterRemoval(removed.value(), "deleted");
    return {};
}

void DeadLetterQueue::afterRemoval(int removed, const char *counter)
{
    if (removed <= 0)
        return;
    count(QString::fromLatin1(counter), removed);
    m_monitor->removed(m_clock->nowMs(), removed);
}

Result<QJsonObject> DeadLetterQueue::enforceRetention()
{
    auto t = table();
    if (!t.ok())
        return t.error();
    const DlqRetention retention(m_config.ttlMs, m_config.maxEntries);
    auto expired = retention.expire(**t, m_clock->nowMs());
    if (!expired.ok())
        return expired.error();
    afterRemoval(expired.value(), "evictedTtl");
    auto overflow = retention.trim(**t);
    if (!overflow.ok())
        return overflow.error();
    afterRemoval(overflow.value(), "evictedSize");
    return QJsonObject{{QStringLiteral("expired"), expired.value()}, {QStringLiteral("overflow"), overflow.value()}};
}

void DeadLetterQueue::processDue()
{
    if (!m_table)
        return;
    const qint64 now = m_clock->nowMs();
    if (now >= m_nextSweepMs) {
        m_nextSweepMs = now + m_config.sweepIntervalMs;
        if (auto r = reconcile(); !r.ok())
            qCWarning(lcDlq).noquote() << "DLQ reconciliation failed:" << r.error().message;
        if (auto r = enforceRetention(); !r.ok())
            qCWarning(lcDlq).noquote() << "DLQ retention sweep failed:" << r.error().message;
    }
    for (const ReplayJobs::Due &due : m_jobs.takeDue(now)) {
        issue(due.entryId, QStringLiteral("%1 (%2)").arg(due.by, due.jobId), due.jobId, [this, due](Result<QJsonObject> r) {
            m_jobs.replied(due.jobId, r.ok());
            if (!r.ok() && r.error().kind != Error::Kind::Conflict)
                qCWarning(lcDlq).noquote() << "bulk replay" << due.jobId << "of entry" << due.entryId << "failed:" << r.error().message;
        });
    }
    armTimer();
}

void DeadLetterQueue::armTimer()
{
    const qint64 now = m_clock->nowMs();
    qint64 next = m_nextSweepMs;
    if (const qint64 due = m_jobs.nextDueMs(); due >= 0)
        next = std::min(next, due);
    m_timer.start(int(std::clamp<qint64>(next - now, 0, 24LL * 3600 * 1000)));
}

Result<QJsonObject> DeadLetterQueue::stats()
{
    auto t = table();
    if (!t.ok())
        return t.error();
    auto c = (*t)->counts();
    if (!c.ok())
        return c.error();
    auto totals = (*t)->counters();
    if (!totals.ok())
        return totals.error();
    const qint64 now = m_clock->nowMs();
    QJsonObject o = c->toJson(now);
    m_monitor->writeStats(o, now); // inflow, outflow, alerts, webhook
    o.insert(QStringLiteral("totals"), DlqCounts::toJson(totals.value()));
    o.insert(QStringLiteral("replayJobs"), replayJobs().value(QStringLiteral("jobs")));
    o.insert(QStringLiteral("retention"), QJsonObject{{QStringLiteral("ttlSeconds"), double(m_config.ttlMs / 1000)},
                                                      {QStringLiteral("maxEntries"), double(m_config.maxEntries)}});
    return o;
}

} // namespace orrery
