#include "scheduler/MemoryJobStore.h"

#include <algorithm>

namespace orrery {

Result<QList<Job>> MemoryJobStore::loadJobs()
{
    QList<Job> jobs;
    jobs.reserve(m_slots.size());
    for (const Slot &slot : std::as_const(m_slots))
        jobs.append(slot.job);
    return jobs;
}

Result<std::optional<Job>> MemoryJobStore::loadJob(const QString &id)
{
    auto it = m_slots.constFind(id);
    if (it == m_slots.constEnd())
        return std::optional<Job>();
    return std::optional<Job>(it->job);
}

Result<bool> MemoryJobStore::insertJob(const Job &job)
{
    if (m_slots.contains(job.id()))
        return false;
    Slot &slot = m_slots[job.id()];
    slot.job = job;
    slot.job.revision = 1;
    return true;
}

Result<bool> MemoryJobStore::replaceJob(const Job &job, qint64 expectedRevision)
{
    auto it = m_slots.find(job.id());
    if (it == m_slots.end() || it->job.revision != expectedRevision)
        return false;
    it->job = job;
    it->job.revision = expectedRevision + 1;
    return true;
}

Result<bool> MemoryJobStore::removeJob(const QString &id)
{
    auto it = m_slots.find(id);
    if (it == m_slots.end())
        return false;
    for (const JobRun &run : it->runs)
        m_runJob.remove(run.runId);
    m_slots.erase(it);
    return true;
}

int MemoryJobStore::inFlight(const Slot &slot) const
{
    return int(std::count_if(slot.runs.begin(), slot.runs.end(), [](const JobRun &r) { return r.inFlight(); }));
}

Result<QList<CommitOutcome>> MemoryJobStore::commit(const QList<JobCommit> &commits)
{
    QList<CommitOutcome> outcomes;
    outcomes.reserve(commits.size());
    for (const JobCommit &c : commits) {
        CommitOutcome out;
        auto it = m_slots.find(c.jobId);
        if (it == m_slots.end() || (c.updateJob && it->job.revision != c.expectedRevision)) {
            outcomes.append(out);
            continue;
        }
        Slot &slot = *it;
        if (c.updateJob) {
            slot.job.paused = c.paused;
            slot.job.nextFireMs = c.nextFireMs;
            slot.job.lastFireMs = c.lastFireMs;
            slot.job.updatedMs = c.updatedMs;
            ++slot.job.revision;
        }
        out.applied = true;
        out.newRevision = slot.job.revision;
        QList<JobRun> runs = c.runs; // shared until the instance limit changes it
        const bool anyClaim = std::any_of(runs.begin(), runs.end(),
                                          [](const JobRun &r) { return r.status == JobRun::Status::Claimed; });
        if (anyClaim && c.maxInstances > 0)
            applyInstanceLimit(runs, inFlight(slot), c.maxInstances);
        for (const JobRun &run : std::as_const(runs)) {
            if (!run.manual) {
                const bool duplicate = std::any_of(slot.runs.rbegin(), slot.runs.rend(), [&run](const JobRun &r) {
                    return !r.manual && r.scheduledMs == run.scheduledMs;
                });
                if (duplicate)
                    continue;
            }
            slot.runs.push_back(run);
            m_runJob.insert(run.runId, c.jobId);
            out.runs.append(run);
        }
        outcomes.append(out);
    }
    return outcomes;
}

JobRun *MemoryJobStore::findRun(const QString &runId)
{
    auto jt = m_runJob.constFind(runId);
    if (jt == m_runJob.constEnd())
        return nullptr;
    auto it = m_slots.find(*jt);
    if (it == m_slots.end())
        return nullptr;
    for (auto r = it->runs.rbegin(); r != it->runs.rend(); ++r)
        if (r->runId == runId)
            return &*r;
    return nullptr;
}

Result<void> MemoryJobStore::updateRuns(const QList<RunUpdate> &updates)
{
    for (const RunUpdate &u : updates) {
        JobRun *run = findRun(u.runId);
        if (!run || (u.onlyIfInFlight && !run->inFlight()))
            continue;
        if (u.status)
            run->status = *u.status;
        if (u.workflowId)
            run->workflowId = *u.workflowId;
        if (u.firedMs)
            run->firedMs = u.firedMs;
        if (u.endedMs)
            run->endedMs = u.endedMs;
        if (u.leaseUntilMs)
            run->leaseUntilMs = *u.leaseUntilMs;
        if (u.reason)
            run->reason = *u.reason;
        if (u.detail)
            run->detail = *u.detail;
    }
    return {};
}

Result<QList<JobRun>> MemoryJobStore::recentRuns(const QString &jobId, int limit)
{
    QList<JobRun> out;
    auto it = m_slots.constFind(jobId);
    if (it == m_slots.constEnd())
        return out;
    for (auto r = it->runs.rbegin(); r != it->runs.rend() && out.size() < limit; ++r)
        out.append(*r);
    return out;
}

QList<JobRun> MemoryJobStore::allRuns(const QString &jobId) const
{
    QList<JobRun> out;
    auto it = m_slots.constFind(jobId);
    if (it != m_slots.constEnd())
        out = QList<JobRun>(it->runs.begin(), it->runs.end());
    return out;
}

Result<void> MemoryJobStore::pruneRuns(const QString &jobId, int keep)
{
    auto it = m_slots.find(jobId);
    if (it == m_slots.end())
        return {};
    int finished = int(std::count_if(it->runs.begin(), it->runs.end(), [](const JobRun &r) { return !r.inFlight(); }));
    for (auto r = it->runs.begin(); r != it->runs.end() && finished > keep;) {
        if (r->inFlight()) {
            ++r;
            continue;
        }
        m_runJob.remove(r->runId);
        r = it->runs.erase(r);
        --finished;
    }
    return {};
}

Result<QList<JobRun>> MemoryJobStore::expiredClaims(qint64 nowMs, int limit)
{
    QList<JobRun> out;
    for (const Slot &slot : std::as_const(m_slots))
        for (const JobRun &r : slot.runs)
            if (r.status == JobRun::Status::Claimed && r.leaseUntilMs < nowMs && out.size() < limit)
                out.append(r);
    return out;
}

Result<std::optional<qint64>> MemoryJobStore::earliestClaimLease()
{
    std::optional<qint64> earliest;
    for (const Slot &slot : std::as_const(m_slots))
        for (const JobRun &r : slot.runs)
            if (r.status == JobRun::Status::Claimed && (!earliest || r.leaseUntilMs < *earliest))
                earliest = r.leaseUntilMs;
    return earliest;
}

Result<bool> MemoryJobStore::takeOverClaim(const QString &runId, const QString &instanceId, qint64 nowMs,
                                           qint64 leaseUntilMs)
{
    JobRun *run = findRun(runId);
    if (!run || run->status != JobRun::Status::Claimed || run->leaseUntilMs >= nowMs)
        return false;
    run->instanceId = instanceId;
    run->leaseUntilMs = leaseUntilMs;
    return true;
}

Result<std::optional<QString>> MemoryJobStore::workflowForCorrelation(const QString &correlationId)
{
    auto it = m_workflows.constFind(correlationId);
    if (it == m_workflows.constEnd())
        return std::optional<QString>();
    return std::optional<QString>(*it);
}

} // namespace orrery
