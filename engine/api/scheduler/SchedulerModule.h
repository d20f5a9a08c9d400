#pragma once

#include "api/scheduler/JobUptime.h"
#include "api/ServerModule.h"
#include "scheduler/Scheduler.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace orrery {

class Clock;
class EngineJobLauncher;
class JobUptime;
class MetricsRegistry;
class SchedulerMetrics;
class StatsRegistry;
class SchedulerAccess;
class SqlJobStore;
class QtSchedulerTimer;

// The scheduler as a server module: its own thread holding the Scheduler, its SqlJobStore
// connection and its timer; the engine launcher; the default jobs; the REST routes.
// Scheduler::event (job_fired, job_missed, ...) is the hook for the event bus: connect to
// scheduler() with Qt::DirectConnection or a queued connection (orrery::EngineEvent is a metatype).
// Provides scheduledJobUptime of GET /api/stats (JobUptime: fed by the run events, seeded from
// the run history at start) and the orrery_job_* families of /metrics (SchedulerMetrics), removed
// in stop().
class SchedulerModule final : public ServerModule
{
public:
    // `clock` (default: the system clock) drives the scheduler, its timer and the job lateness of
    // /metrics; it must outlive the module.
    explicit SchedulerModule(const Clock *clock = nullptr);
    ~SchedulerModule() override;

    QString name() const override { return QStringLiteral("scheduler"); }
    Result<void> start(ServerContext &context) override;
    // Stops firing first (no new runs; due runs stay due in the store), waits up to 5 s for
    // dispatched runs to be acknowledged by the engine, records them, then ends the thread.
    void prepareStop() override;
    void stop() override;

    // Lives on the scheduler thread: call its methods there (SchedulerAccess) or connect to its signal.
    Scheduler *scheduler() const { return m_scheduler; }

private:
    Result<void> startOnThread(ServerContext &context);
    // scheduledJobUptime and the last run lateness of each job, from the run history.
    void seedFromHistory();
    // Client mode: the runs still RUNNING in the store go back to the remote launcher's watch.
    void adoptRemoteRuns(JobLauncher *remote);
    // Remote: a workflow job while client mode starts workflows on the Conductor server.
    JobUptime::Source sourceOf(const QString &jobId) const;
    void stopOnThread();

    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<QObject> m_home; // parent of everything on the scheduler thread
    std::unique_ptr<EngineJobLauncher> m_launcher;
    std::shared_ptr<SchedulerAccess> m_access;
    std::shared_ptr<JobUptime> m_uptime;
    std::shared_ptr<SchedulerMetrics> m_metrics;
    bool m_remoteWorkflows = false;
    StatsRegistry *m_stats = nullptr;
    MetricsRegistry *m_metricsRegistry = nullptr;
    int m_metricsCollector = 0;
    const Clock *m_clock;
    QMetaObject::Connection m_engineEvents;
    SqlJobStore *m_jobStore = nullptr;
    QtSchedulerTimer *m_timer = nullptr;
    Scheduler *m_scheduler = nullptr;
};

} // namespace orrery
