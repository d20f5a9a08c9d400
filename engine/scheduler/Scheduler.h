#pragma once

#include "core/EngineEvent.h"
#include "core/Result.h"
#include "scheduler/DuePlanner.h"
#include "scheduler/DueQueue.h"
#include "scheduler/Job.h"
#include "scheduler/JobCodec.h"
#include "scheduler/RunBook.h"

#include <QHash>
#include <QObject>
#include <memory>

namespace orrery {

class Clock;
class JobLauncher;
class JobRunSink;
class JobStore;
class SchedulerTimer;
class SchedulerSink;

struct SchedulerConfig
{
    QString instanceId;         // identifies this instance in claims; empty = host:pid:random
    qint64 leaseMs = 15'000;    // a claim not started within this is taken over by another instance
    int historyLimit = 100;     // finished runs kept per job
    int pruneEvery = 20;        // new run records per job between history trims
    quint64 jitterSeed = 0;     // jitter = f(seed, job id, nominal time): equal on every instance
    int maxJobsPerStep = 2000;  // due jobs handled per wake; the rest follow at once
    DuePlanner::Limits limits;
};

enum class ResumeMode { HonourMissed, FromNow };

// The job scheduler (specs/scheduling.md §7, docs/scheduling.md §6-8). Lives on one thread (its
// own in the server); every method must be called there. It keeps all jobs in memory, persists
// them through a JobStore and fires runs through a JobLauncher. One timer is armed for the
// earliest planned run time (no polling); when it fires, each due job is planned (misfire grace,
// coalescing, jitter), and the plan is committed with a compare-and-set on the job's revision
// before anything is dispatched, so on a shared store each nominal instant fires exactly once.
class Scheduler : public QObject
{
    Q_OBJECT

public:
    Scheduler(JobStore *store, JobLauncher *launcher, SchedulerTimer *timer, const Clock *clock,
              SchedulerConfig config = {}, QObject *parent = nullptr);
    ~Scheduler() override;

    // Loads the jobs (with their persisted next/last fire times) and arms the timer; overdue runs
    // are then handled by each job's coalesce and grace rules.
    Result<void> start();
    // Stops firing (disarms; due runs stay due in the store). Reports of runs already dispatched
    // are still recorded. Idempotent.
    void stop();
    bool isRunning() const { return m_running; }
    QString instanceId() const { return m_config.instanceId; }

    // ---- jobs ----
    Result<Job> addJob(JobDefinition def, JobCreateOptions options = {});
    // Adds the job unless one with its id exists (then nothing changes, its next fire time included).
    Result<bool> ensureJob(JobDefinition def, JobCreateOptions options = {});
    // Replaces the definition. The next fire time is kept unless the schedule (trigger, dates) changed.
    Result<Job> updateJob(const QString &id, JobDefinition def);
    Result<void> removeJob(const QString &id);
    Result<Job> pauseJob(const QString &id);
    Result<Job> resumeJob(const QString &id, ResumeMode mode);
    // Fires one run at once, outside the schedule (subject to maxInstances: Conflict when reached).
    Result<JobRun> runNow(const QString &id);

    Result<Job> job(const QString &id) const;
    QList<Job> jobs() const;
    Result<QList<JobRun>> recentRuns(const QString &id, int limit);
    // The nominal next fire time plus the job's jitter (when it will actually be dispatched).
    qint64 plannedTime(const Job &job) const;

    // ---- driving ----
    // Handles everything due at the clock's time and re-arms. The timer calls it; virtual-time
    // tests call it after moving a ManualClock.
    void processDue();
    // Another instance changed a job (empty id: everything): re-read it from the store.
    void reloadJob(const QString &id);
    // Where launchers report runs (also runs started before a restart that end after it).
    std::shared_ptr<JobRunSink> runSink() const;
    // Runs dispatched whose start the launcher has not reported yet (shutdown waits for them).
    int awaitingStart() const { return m_book.awaitingStart(); }
    // Writes pending run changes now (otherwise done at the end of the event-loop turn).
    Result<void> flush();

    // Called through the run sink, on this thread.
    void handleRunStarted(const QString &runId, const Result<QString> &workflowId);
    void handleRunFinished(const QString &jobId, const QString &runId, const QString &workflowId, JobRun::Status status,
                           const QJsonObject &detail);

Q_SIGNALS:
    // job_added, job_updated, job_removed, job_paused, job_resumed, job_finished, job_flagged,
    // job_fired, job_missed, job_run_finished, job_error (JobEvents.h).
    void event(const orrery::EngineEvent &event);

private:
    Job *findJob(const QString &id);
    std::optional<qint64> initialNextFire(const JobDefinition &def, qint64 nowMs) const;
    void reschedule(const Job &job);
    void rearm();
    Result<Job> storeReplace(Job updated, const Job &current, const char *what);
    void processBatch(const QStringList &ids, qint64 nowMs);
    void applyRuns(Job *job, const QList<JobRun> &runs, qint64 nowMs);
    void dispatch(Job *job, JobRun run, qint64 nowMs);
    void recoverExpiredClaims(qint64 nowMs);
    void watchLeases(std::optional<qint64> atMs);
    void scheduleFlush();
    QString newRunId();
    void emitJobEvent(const QString &name, const Job &job, const QJsonObject &extra = {});
    void emitRunEvent(const QString &name, const JobRun &run, const QJsonObject &extra = {});
    bool wantsEvents() const;

    JobStore *m_store;
    JobLauncher *m_launcher;
    SchedulerTimer *m_timer;
    const Clock *m_clock;
    SchedulerConfig m_config;
    DuePlanner m_planner;
    QHash<QString, Job> m_jobs;
    DueQueue m_queue;
    RunBook m_book;
    std::shared_ptr<SchedulerSink> m_sink;
    std::optional<qint64> m_leaseWatchMs;
    std::optional<qint64> m_retryAtMs; // the store failed: try the due jobs again then
    bool m_running = false;
    bool m_flushPosted = false;
    quint64 m_runSeq = 0;
    QString m_runPrefix;
};

} // namespace orrery
