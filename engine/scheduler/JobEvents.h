#pragma once

#include "core/EngineEvent.h"
#include "scheduler/Job.h"
#include "scheduler/JobRun.h"

namespace orrery {

// Builds the scheduler's entries of the event catalogue (docs/scheduling.md §7):
//   job_added, job_updated, job_removed, job_paused, job_resumed, job_finished, job_flagged
//     {jobId, jobName, state, nextRunTime, ...}
//   job_fired        {jobId, jobName, runId, scheduledTime, plannedTimeMs, firedTimeMs, latenessMs, workflowId, manual}
//   job_missed       {jobId, jobName, runId, scheduledTime, reason, count, lastScheduledTime?, manual}
//   job_run_finished {jobId, jobName, runId, workflowId, status, scheduledTime, detail?}
//   job_error        {jobId, jobName, runId, scheduledTime, reason: "start_failed", message}
class JobEvents
{
public:
    static EngineEvent jobEvent(const QString &name, const Job &job, qint64 nowMs, const QJsonObject &extra = {});
    // `job` may be null (a run of a job removed meanwhile).
    static EngineEvent runEvent(const QString &name, const Job *job, const JobRun &run, qint64 nowMs,
                                const QJsonObject &extra = {});
};

} // namespace orrery
