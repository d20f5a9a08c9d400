#pragma once

#include "core/Result.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QSqlDatabase>
#include <QStringList>

namespace orrery {

class Clock;
class MetricsWriter;
class SqlBackend;

// The figures the API computes from the engine's tables, for GET /api/stats and /metrics.
// They scan the tasks table, so results are cached for `cacheMs` (the clock's time) and shared
// by every caller; run them on an API query thread only.
class StoreFigures
{
public:
    StoreFigures(const Clock *clock, qint64 cacheMs);

    // Tasks whose final attempt (no later attempt of the same reference in the same workflow)
    // ended within a window.
    struct Outcomes
    {
        qint64 succeeded = 0; // COMPLETED
        qint64 failed = 0;    // FAILED, FAILED_WITH_TERMINAL_ERROR, TIMED_OUT, COMPLETED_WITH_ERRORS
        qint64 attempts = 0;  // every attempt of those tasks
        qint64 tasks() const { return succeeded + failed; }
    };
    // One Outcomes per window (ms), in the order given.
    Result<QList<Outcomes>> outcomes(QSqlDatabase &db, const SqlBackend &backend, const QList<qint64> &windowsMs);

    // Writes orrery_tasks{task_type,status}, orrery_task_retry_attempts{task_type} and
    // orrery_workflows{status} (gauges of what the store holds) plus orrery_api_store_read_ok.
    void writeMetrics(QSqlDatabase &db, const SqlBackend &backend, MetricsWriter &writer);

private:
    struct Counts
    {
        QList<QPair<QStringList, qint64>> tasks;   // (type, status) -> n
        QList<QPair<QString, qint64>> retries;     // type -> attempts beyond the first
        QList<QPair<QString, qint64>> workflows;   // status -> n
    };
    Result<Counts> readCounts(QSqlDatabase &db, const SqlBackend &backend);
    static QStringList finalStatuses();

    const Clock *m_clock;
    qint64 m_cacheMs;
    QMutex m_mutex;
    qint64 m_outcomesAt = -1;
    QList<qint64> m_outcomeWindows;
    QList<Outcomes> m_outcomes;
    qint64 m_countsAt = -1;
    Counts m_counts;
};

} // namespace orrery
