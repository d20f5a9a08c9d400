#include "StoreFigures.h"

#include "MetricsWriter.h"

#include "core/Clock.h"
#include "store/SqlBackend.h"

#include <QSqlQuery>

#include <algorithm>

namespace orrery {

namespace {

// A final attempt: no later attempt of the same reference in the same workflow.
const QString kFinal = QStringLiteral(
    "NOT EXISTS (SELECT 1 FROM tasks r WHERE r.workflow_id = %1.workflow_id AND r.ref_name = %1.ref_name AND r.seq > %1.seq)");

} // namespace

StoreFigures::StoreFigures(const Clock *clock, qint64 cacheMs)
    : m_clock(clock ? clock : SystemClock::instance()), m_cacheMs(cacheMs)
{
}

QStringList StoreFigures::finalStatuses()
{
    return {QStringLiteral("COMPLETED"), QStringLiteral("FAILED"), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"),
            QStringLiteral("TIMED_OUT"), QStringLiteral("COMPLETED_WITH_ERRORS")};
}

Result<QList<StoreFigures::Outcomes>> StoreFigures::outcomes(QSqlDatabase &db, const SqlBackend &backend,
                                                               const QList<qint64> &windowsMs)
{
    const qint64 now = m_clock->nowMs();
    QMutexLocker lock(&m_mutex);
    if (m_outcomesAt >= 0 && now - m_outcomesAt < m_cacheMs && m_outcomeWindows == windowsMs)
        return m_outcomes;
    if (windowsMs.isEmpty())
        return QList<Outcomes>();
    const qint64 widest = *std::max_element(windowsMs.begin(), windowsMs.end());
    QStringList sums, marks;
    QVariantList sinceValues;
    for (qint64 w : windowsMs) {
        sums.append(QStringLiteral("SUM(CASE WHEN f.update_time >= ? THEN 1 ELSE 0 END)"));
        sinceValues.append(qlonglong(now - w));
    }
    for (qsizetype i = 0; i < finalStatuses().size(); ++i)
        marks.append(QStringLiteral("?"));
    const QString finals = QStringLiteral(" FROM tasks f WHERE f.update_time >= ? AND f.status IN (%1) AND %2")
                               .arg(marks.join(QStringLiteral(", ")), kFinal.arg(QStringLiteral("f")));
    auto bindCommon = [&](QSqlQuery &q) {
        for (const QVariant &v : sinceValues)
            q.addBindValue(v);
        q.addBindValue(qlonglong(now - widest));
        for (const QString &s : finalStatuses())
            q.addBindValue(s);
    };

    QList<Outcomes> out(windowsMs.size());
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT f.status, ") + sums.join(QStringLiteral(", ")) + finals + QStringLiteral(" GROUP BY f.status"));
    bindCommon(q);
    if (!q.exec())
        return backend.queryError(QStringLiteral("cannot count finished tasks"), q);
    while (q.next()) {
        const bool ok = q.value(0).toString() == QLatin1String("COMPLETED");
        for (qsizetype i = 0; i < windowsMs.size(); ++i)
            (ok ? out[i].succeeded : out[i].failed) += q.value(int(i) + 1).toLongLong();
    }
    q.finish();

    QSqlQuery a(db);
    a.setForwardOnly(true);
    a.prepare(QStringLiteral("SELECT ") + sums.join(QStringLiteral(", ")) +
              QString(finals).replace(QStringLiteral(" FROM tasks f WHERE"),
                                      QStringLiteral(" FROM tasks f JOIN tasks a ON a.workflow_id = f.workflow_id AND "
                                                     "a.ref_name = f.ref_name WHERE")));
    bindCommon(a);
    if (!a.exec() || !a.next())
        return backend.queryError(QStringLiteral("cannot count task attempts"), a);
    for (qsizetype i = 0; i < windowsMs.size(); ++i)
        out[i].attempts = a.value(int(i)).toLongLong();

    m_outcomesAt = now;
    m_outcomeWindows = windowsMs;
    m_outcomes = out;
    return out;
}

Result<StoreFigures::Counts> StoreFigures::readCounts(QSqlDatabase &db, const SqlBackend &backend)
{
    Counts c;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT task_type, status, COUNT(*) FROM tasks GROUP BY task_type, status ORDER BY task_type, status")))
        return backend.queryError(QStringLiteral("cannot count tasks by type and status"), q);
    while (q.next())
        c.tasks.append({{q.value(0).toString(), q.value(1).toString()}, q.value(2).toLongLong()});
    q.finish();
    if (!q.exec(QStringLiteral("SELECT task_type, COUNT(*) - COUNT(DISTINCT workflow_id || ':' || ref_name) FROM tasks "
                               "GROUP BY task_type ORDER BY task_type")))
        return backend.queryError(QStringLiteral("cannot count task retries"), q);
    while (q.next())
        c.retries.append({q.value(0).toString(), q.value(1).toLongLong()});
    q.finish();
    if (!q.exec(QStringLiteral("SELECT status, COUNT(*) FROM workflows GROUP BY status ORDER BY status")))
        return backend.queryError(QStringLiteral("cannot count workflows"), q);
    while (q.next())
        c.workflows.append({q.value(0).toString(), q.value(1).toLongLong()});
    return c;
}

void StoreFigures::writeMetrics(QSqlDatabase &db, const SqlBackend &backend, MetricsWriter &w)
{
    const qint64 now = m_clock->nowMs();
    Counts counts;
    bool ok = true;
    {
        QMutexLocker lock(&m_mutex);
        if (m_countsAt < 0 || now - m_countsAt >= m_cacheMs) {
            auto read = readCounts(db, backend);
            if (read.ok()) {
                m_counts = read.value();
                m_countsAt = now;
            } else {
                qWarning("metrics: %s", qPrintable(read.error().message));
                ok = false;
            }
        }
        counts = m_counts;
    }
    w.family(QStringLiteral("orrery_api_store_read_ok"), QStringLiteral("gauge"),
             QStringLiteral("1 when the last read of the store's counts for /metrics succeeded."));
    w.sample(QStringLiteral("orrery_api_store_read_ok"), {}, ok ? 1 : 0);
    w.family(QStringLiteral("orrery_tasks"), QStringLiteral("gauge"),
             QStringLiteral("Task attempts held in the store, by task type and status."));
    for (const auto &t : counts.tasks)
        w.sample(QStringLiteral("orrery_tasks"), {{QStringLiteral("task_type"), t.first.value(0)}, {QStringLiteral("status"), t.first.value(1)}},
                 double(t.second));
    w.family(QStringLiteral("orrery_task_retry_attempts"), QStringLiteral("gauge"),
             QStringLiteral("Task attempts beyond the first of their reference (retries and replays) held in the store, by task type."));
    for (const auto &r : counts.retries)
        w.sample(QStringLiteral("orrery_task_retry_attempts"), {{QStringLiteral("task_type"), r.first}}, double(r.second));
    w.family(QStringLiteral("orrery_workflows"), QStringLiteral("gauge"),
             QStringLiteral("Workflow executions held in the store, by status."));
    for (const auto &s : counts.workflows)
        w.sample(QStringLiteral("orrery_workflows"), {{QStringLiteral("status"), s.first}}, double(s.second));
}

} // namespace orrery
