#pragma once

#include "core/EngineEvent.h"
#include "scheduler/JobLauncher.h"

#include <QMutex>
#include <QObject>
#include <QThreadPool>

namespace orrery {

class Clock;
class Engine;
class Store;

// Fires job runs into the engine: a workflow target is Engine::startWorkflow with
// correlationId "job:<jobId>:<runId>" (the start is queued, never refused because workers are
// busy); the run's end is read from the engine's workflow_* events. The built-in "cleanup" action
// purges finished executions (WorkflowRetention) on a thread of its own.
class EngineJobLauncher final : public QObject, public JobLauncher
{
    Q_OBJECT

public:
    EngineJobLauncher(Engine *engine, Store *store, const Clock *clock, QObject *parent = nullptr);
    ~EngineJobLauncher() override; // waits for a running cleanup

    // Where runs that end without a launch in this process (started before a restart) are reported.
    void setSink(std::shared_ptr<JobRunSink> sink);
    // Where workflow targets start instead of the engine (the Conductor client mode); built-in
    // actions stay here. Set before the scheduler starts; not owned.
    void setWorkflowLauncher(JobLauncher *launcher) { m_workflowLauncher = launcher; }
    void launch(const JobRun &run, const JobTarget &target, const QString &jobName,
                std::shared_ptr<JobRunSink> sink) override;

    // Connect with Qt::DirectConnection to EngineCore::engineEvent (runs on the engine thread; cheap).
    void onEngineEvent(const orrery::EngineEvent &event);

private:
    void launchCleanup(const JobRun &run, const JobTarget &target, std::shared_ptr<JobRunSink> sink);

    Engine *m_engine;
    Store *m_store;
    const Clock *m_clock;
    QThreadPool m_pool;
    QMutex m_mutex;
    std::shared_ptr<JobRunSink> m_sink;
    JobLauncher *m_workflowLauncher = nullptr;
};

} // namespace orrery
