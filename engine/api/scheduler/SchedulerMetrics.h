#pragma once

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <memory>
#include <optional>

namespace orrery {

class Clock;
class MetricsWriter;
class SchedulerAccess;
struct EngineEvent;
struct JobRun;

// The scheduler's families of /metrics (a collector of the scheduler module), labelled by job id
// (`job_id`, not `job`, which Prometheus reserves for the scrape job):
//  - orrery_job_lateness_seconds{job_id}: for every scheduled job (not paused, finished or
//    flagged), how far its next run is behind its planned time (nominal + jitter) now, on the
//    module's clock; 0 while it is not due. The jobs and their planned times are asked of the
//    scheduler thread at scrape time, waiting at most `waitMs`; a scheduler that does not answer
//    in time (stuck) is reported from its last answer, so its lateness keeps growing;
//  - orrery_job_last_run_lateness_seconds{job_id}: how late the job's last scheduled run was
//    dispatched (job_fired's latenessMs), seeded from the run history at start;
//  - orrery_job_runs_missed_total{job_id, reason}: scheduled instants missed since the server
//    started (a folded record of n instants counts n), 0 for the automatic reasons
//    (misfire_grace_exceeded, coalesced, max_instances) of every scheduled job, so the first miss
//    is an increase.
// Only jobs the scheduler holds are written, so series go with their job. Thread-safe: the
// scheduler thread records, the scraping thread writes.
class SchedulerMetrics
{
public:
    static constexpr auto kLateness = "orrery_job_lateness_seconds";
    static constexpr auto kLastRunLateness = "orrery_job_last_run_lateness_seconds";
    static constexpr auto kMissed = "orrery_job_runs_missed_total";

    // `clock` must outlive the metrics (the scheduler's).
    SchedulerMetrics(std::shared_ptr<SchedulerAccess> access, const Clock *clock, int waitMs = 500);

    // ---- on the scheduler thread ----
    // job_fired, job_missed and job_removed of Scheduler::event; anything else is ignored.
    void recordEvent(const EngineEvent &event);
    // A run from the store's history: the newest scheduled run that started gives the last run lateness.
    void seed(const JobRun &run);

    // ---- on the scraping thread ----
    void write(MetricsWriter &writer);

private:
    struct JobDue
    {
        QString jobId;
        std::optional<qint64> plannedMs; // scheduled jobs only
    };
    struct LastRun
    {
        qint64 scheduledMs = 0;
        qint64 latenessMs = 0;
    };
    std::optional<QList<JobDue>> askJobs() const;
    void recordLastRun(const QString &jobId, LastRun run); // under the lock
    static const QStringList &automaticReasons();

    std::shared_ptr<SchedulerAccess> m_access;
    const Clock *m_clock;
    int m_waitMs;
    QMutex m_mutex;
    QList<JobDue> m_jobs; // the scheduler's last answer, sorted by id
    QHash<QString, LastRun> m_lastRun;
    QHash<QString, QHash<QString, double>> m_missed; // job -> reason -> instants
};

} // namespace orrery
