#pragma once

#include "scheduler/JobStore.h"

#include <QHash>
#include <deque>

namespace orrery {

// JobStore in memory: for tests and benchmarks (the scheduler without a database). Same
// semantics as SqlJobStore for one instance.
class MemoryJobStore final : public JobStore
{
public:
    Result<QList<Job>> loadJobs() override;
    Result<std::optional<Job>> loadJob(const QString &id) override;
    Result<bool> insertJob(const Job &job) override;
    Result<bool> replaceJob(const Job &job, qint64 expectedRevision) override;
    Result<bool> removeJob(const QString &id) override;
    Result<QList<CommitOutcome>> commit(const QList<JobCommit> &commits) override;
    Result<void> updateRuns(const QList<RunUpdate> &updates) override;
    Result<QList<JobRun>> recentRuns(const QString &jobId, int limit) override;
    Result<void> pruneRuns(const QString &jobId, int keep) override;
    Result<QList<JobRun>> expiredClaims(qint64 nowMs, int limit) override;
    Result<std::optional<qint64>> earliestClaimLease() override;
    Result<bool> takeOverClaim(const QString &runId, const QString &instanceId, qint64 nowMs,
                               qint64 leaseUntilMs) override;
    Result<std::optional<QString>> workflowForCorrelation(const QString &correlationId) override;

    // Test helpers: every run of a job, oldest first; change a stored job behind the scheduler's back.
    QList<JobRun> allRuns(const QString &jobId) const;
    void setStoredJob(const Job &job) { m_slots[job.id()].job = job; }
    // Test helper: a workflow an earlier attempt started (see workflowForCorrelation).
    void addKnownWorkflow(const QString &correlationId, const QString &workflowId)
    {
        m_workflows.insert(correlationId, workflowId);
    }

private:
    struct Slot
    {
        Job job;
        std::deque<JobRun> runs; // oldest first
    };
    JobRun *findRun(const QString &runId);
    int inFlight(const Slot &slot) const;

    QHash<QString, Slot> m_slots;
    QHash<QString, QString> m_runJob; // runId -> jobId
    QHash<QString, QString> m_workflows;
};

} // namespace orrery
