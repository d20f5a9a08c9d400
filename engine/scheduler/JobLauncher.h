#pragma once

#include "core/Result.h"
#include "scheduler/Job.h"
#include "scheduler/JobRun.h"

#include <QJsonObject>
#include <memory>

namespace orrery {

// Where a launcher reports a run's progress. Thread-safe: may be called from any thread, also
// after the scheduler is gone (the report is then dropped).
class JobRunSink
{
public:
    virtual ~JobRunSink() = default;
    // The run's target was started (the workflow id; empty for built-in actions) or refused.
    virtual void runStarted(const QString &runId, Result<QString> workflowId) = 0;
    // The run ended: COMPLETED, FAILED, TIMED_OUT or TERMINATED, with the workflow id and details.
    virtual void runFinished(const QString &jobId, const QString &runId, const QString &workflowId,
                             JobRun::Status status, const QJsonObject &detail) = 0;
};

// Fires runs: the scheduler calls launch() on its own thread for every run it dispatches and must
// not be blocked (start asynchronously, report through the sink). The engine's launcher starts a
// workflow (Engine::startWorkflow, correlationId = run.correlationId()); benchmarks use a no-op.
class JobLauncher
{
public:
    virtual ~JobLauncher() = default;
    virtual void launch(const JobRun &run, const JobTarget &target, const QString &jobName,
                        std::shared_ptr<JobRunSink> sink) = 0;
    // A run this launcher may have started before a restart (status RUNNING, workflowId set, read
    // from the job store): watch for its end again and report it to `sink`. Default: nothing (the
    // engine's launcher reads ends from the engine's events).
    virtual void adopt(const JobRun &run, std::shared_ptr<JobRunSink> sink)
    {
        (void)run;
        (void)sink;
    }
};

} // namespace orrery
