#pragma once

#include "core/Result.h"
#include "scheduler/Job.h"
#include "scheduler/JobRun.h"

#include <QList>
#include <functional>
#include <optional>

namespace orrery {

// One atomic step of a job: advance its state (compare-and-set on its revision) and record the
// runs that step produced. Runs with status Claimed are subject to maxInstances: those over the
// limit (counting the job's in-flight runs in the store, from every instance) become Missed with
// reason "max_instances".
struct JobCommit
{
    QString jobId;
    bool updateJob = true;       // false: only record runs (run now)
    qint64 expectedRevision = 0; // the step applies only if the stored revision is still this
    bool paused = false;         // new state (updateJob only)
    std::optional<qint64> nextFireMs;
    std::optional<qint64> lastFireMs;
    qint64 updatedMs = 0;
    QList<JobRun> runs;
    int maxInstances = 0;        // 0 = unlimited
};

struct CommitOutcome
{
    bool applied = false;   // false: the job moved on (another instance claimed it, or it changed or went away)
    qint64 newRevision = 0;
    QList<JobRun> runs;     // as recorded (after the instance limit); a run another instance already
                            // recorded for the same instant is left out
};

// Where jobs and their runs live: in memory (tests, benchmarks) or in the engine's database
// (SqlJobStore). Used from one thread (the scheduler's). Errors are values.
class JobStore
{
public:
    virtual ~JobStore() = default;

    virtual Result<QList<Job>> loadJobs() = 0;
    virtual Result<std::optional<Job>> loadJob(const QString &id) = 0;
    // false when a job with this id exists already. The job's revision is stored as 1.
    virtual Result<bool> insertJob(const Job &job) = 0;
    // Writes definition and state if the stored revision is still expectedRevision (then it becomes
    // expectedRevision + 1); false when it moved on or the job is gone.
    virtual Result<bool> replaceJob(const Job &job, qint64 expectedRevision) = 0;
    // Removes the job and its runs; false when there was none.
    virtual Result<bool> removeJob(const QString &id) = 0;

    // Applies the steps in one transaction, in order.
    virtual Result<QList<CommitOutcome>> commit(const QList<JobCommit> &commits) = 0;
    virtual Result<void> updateRuns(const QList<RunUpdate> &updates) = 0;
    // Newest first.
    virtual Result<QList<JobRun>> recentRuns(const QString &jobId, int limit) = 0;
    // Keeps the newest `keep` finished runs of a job (in-flight runs are always kept).
    virtual Result<void> pruneRuns(const QString &jobId, int keep) = 0;

    // Claims whose lease has run out (their instance died between claiming and starting).
    virtual Result<QList<JobRun>> expiredClaims(qint64 nowMs, int limit) = 0;
    virtual Result<std::optional<qint64>> earliestClaimLease() = 0;
    // Compare-and-set: takes an expired claim over for instanceId; false if someone else did.
    virtual Result<bool> takeOverClaim(const QString &runId, const QString &instanceId, qint64 nowMs,
                                       qint64 leaseUntilMs) = 0;
    // The workflow an earlier attempt of a run started, found by its correlation id (so a run taken
    // over from a dead instance is not started twice).
    virtual Result<std::optional<QString>> workflowForCorrelation(const QString &correlationId) = 0;

    // Whether several engine instances may share this store (PostgreSQL).
    virtual bool shared() const { return false; }
    // `handler(jobId)` runs on the store's thread when another instance changed a job (empty id:
    // reload everything, e.g. after the notification channel reconnected).
    virtual void setExternalChangeHandler(std::function<void(const QString &)> handler) { Q_UNUSED(handler); }

    // Turns Claimed runs beyond the limit into Missed("max_instances"), given the job's in-flight
    // run count. Shared by the implementations.
    static void applyInstanceLimit(QList<JobRun> &runs, int inFlight, int maxInstances);
};

} // namespace orrery
