#include "DlqReconciler.h"

#include "DeadTaskRule.h"
#include "DlqTable.h"

#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace orrery {

namespace {

const QString kWatermark = QStringLiteral("reconciledFromMs");
const QString kRemovalFence = QStringLiteral("removalFenceMs");

// The latest attempt of its reference (no later seq) that no entry names yet: `t` is the alias
// of the tasks row.
const QString kLatestWithoutEntry = QStringLiteral(
    "NOT EXISTS (SELECT 1 FROM tasks n WHERE n.workflow_id = t.workflow_id AND n.ref_name = t.ref_name AND n.seq > t.seq) "
    "AND NOT EXISTS (SELECT 1 FROM dlq_entries d WHERE d.workflow_id = t.workflow_id AND d.ref_name = t.ref_name "
    "AND d.task_id = t.id)");

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks << QStringLiteral("?");
    return marks.join(QLatin1Char(','));
}

bool holdsAttempt(const DeadLetterEntry &e, const QString &taskId)
{
    return e.taskId == taskId
        || std::any_of(e.attempts.cbegin(), e.attempts.cend(), [&](const DeadLetterAttempt &a) { return a.taskId == taskId; });
}

} // namespace

QJsonObject DlqReconciler::Report::toJson() const
{
    return QJsonObject{{QStringLiteral("fromMs"), double(fromMs)},     {QStringLiteral("watermarkMs"), double(watermarkMs)},
                       {QStringLiteral("workflows"), workflows},       {QStringLiteral("dead"), dead},
                       {QStringLiteral("recorded"), recorded},         {QStringLiteral("fenced"), fenced}};
}

DlqReconciler::DlqReconciler(QSqlDatabase db, const SqlBackend &backend, Store *store, DlqTable *table)
    : m_db(std::move(db)), m_backend(backend), m_store(store), m_table(table)
{
}

Result<std::optional<qint64>> DlqReconciler::state(const QString &name)
{
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral("SELECT value FROM dlq_state WHERE name = ?")))
        return m_backend.queryError(QStringLiteral("cannot read the DLQ state %1").arg(name), q);
    q.addBindValue(name);
    if (!q.exec())
        return m_backend.queryError(QStringLiteral("cannot read the DLQ state %1").arg(name), q);
    if (!q.next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value(0).toLongLong());
}

Result<void> DlqReconciler::setState(const QString &name, qint64 value)
{
    auto r = m_backend.execute(m_db,
                               QStringLiteral("INSERT INTO dlq_state (name, value) VALUES (?, ?) "
                                              "ON CONFLICT (name) DO UPDATE SET value = excluded.value"),
                               {name, value}, QStringLiteral("cannot save the DLQ state %1").arg(name));
    if (!r.ok())
        return r.error();
    return {};
}

Result<qint64> DlqReconciler::startingPoint(qint64 nowMs)
{
    auto saved = state(kWatermark);
    if (!saved.ok())
        return saved.error();
    if (saved.value())
        return *saved.value();
    // First run on this database (new, or migrated from a build without reconciliation): from the
    // newest entry's failure (entries before it were written by the live path), else from now.
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT MAX(last_failure_time) FROM dlq_entries")))
        return m_backend.queryError(QStringLiteral("cannot read the newest DLQ entry"), q);
    if (q.next() && !q.value(0).isNull())
        return q.value(0).toLongLong() - kMarginMs;
    return nowMs - kMarginMs;
}

Result<QStringList> DlqReconciler::candidates(qint64 sinceMs, const QStringList &statuses)
{
    // Dead-looking tasks updated since the watermark (tasks_status_updated), and failed workflows
    // updated since it (workflows_failed_updated) for a decision committed after its task's own
    // update (a decision a crash split, re-made at the next start).
    const QString in = placeholders(statuses.size());
    const QString sql = QStringLiteral(
        "SELECT t.workflow_id FROM tasks t WHERE t.status IN (%1) AND t.update_time >= ? "
        "AND NOT (t.status = 'COMPLETED_WITH_ERRORS' AND t.task_type = 'JOIN') AND %2 "
        "UNION SELECT w.id FROM workflows w WHERE w.status IN ('FAILED', 'TIMED_OUT', 'TERMINATED') "
        "AND w.update_time >= ? AND EXISTS (SELECT 1 FROM tasks t WHERE t.workflow_id = w.id "
        "AND t.status IN (%1) AND %2)").arg(in, kLatestWithoutEntry);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return m_backend.queryError(QStringLiteral("cannot look for dead tasks without a DLQ entry"), q);
    for (const QString &s : statuses)
        q.addBindValue(s);
    q.addBindValue(sinceMs);
    q.addBindValue(sinceMs);
    for (const QString &s : statuses)
        q.addBindValue(s);
    if (!q.exec())
        return m_backend.queryError(QStringLiteral("cannot look for dead tasks without a DLQ entry"), q);
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

Result<DlqReconciler::Report> DlqReconciler::run(qint64 nowMs, qint64 ttlMs, bool withCanceled, const Record &record)
{
    Report rep;
    auto from = startingPoint(nowMs);
    if (!from.ok())
        return from.error();
    rep.fromMs = ttlMs > 0 ? std::max(from.value(), nowMs - ttlMs) : from.value();
    auto fence = state(kRemovalFence);
    if (!fence.ok())
        return fence.error();
    const qint64 fenceMs = fence.value().value_or(0);

    auto ids = candidates(rep.fromMs, DeadTaskRule::deadStatuses(withCanceled));
    if (!ids.ok())
        return ids.error();
    for (const QString &id : ids.value()) {
        auto loaded = m_store->loadWorkflow(id);
        if (!loaded.ok())
            return loaded.error();
        if (!loaded.value())
            continue; // removed meanwhile (workflow retention)
        ++rep.workflows;
        for (const DeadLetterInput &in : DeadTaskRule::deadTasks(loaded.value()->workflow, loaded.value()->tasks)) {
            if (in.reasonClass == QLatin1String("CANCELED") && !withCanceled)
                continue;
            auto existing = m_table->findByRef(in.task.workflowInstanceId, in.task.referenceTaskName);
            if (!existing.ok())
                return existing.error();
            if (existing.value() && holdsAttempt(*existing.value(), in.task.taskId))
                continue;
            ++rep.dead;
            if (in.task.updateTime < fenceMs) {
                ++rep.fenced;
                continue;
            }
            if (auto r = record(in); !r.ok())
                return r.error();
            ++rep.recorded;
        }
    }
    // Tasks committed from now on, or stamped by a clock a little ahead, are looked at next time.
    rep.watermarkMs = std::max(from.value(), nowMs - kMarginMs);
    if (auto r = setState(kWatermark, rep.watermarkMs); !r.ok())
        return r.error();
    return rep;
}

Result<void> DlqReconciler::fenceRemovals(qint64 nowMs)
{
    auto fence = state(kRemovalFence);
    if (!fence.ok())
        return fence.error();
    return setState(kRemovalFence, std::max(fence.value().value_or(0), nowMs));
}

} // namespace orrery
