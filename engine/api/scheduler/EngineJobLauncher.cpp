#include "api/scheduler/EngineJobLauncher.h"

#include "core/Clock.h"
#include "scheduler/WorkflowRetention.h"
#include "workflow/Engine.h"

#include <QJsonArray>

namespace orrery {

EngineJobLauncher::EngineJobLauncher(Engine *engine, Store *store, const Clock *clock, QObject *parent)
    : QObject(parent), m_engine(engine), m_store(store), m_clock(clock)
{
    m_pool.setMaxThreadCount(1); // cleanups run one at a time
}

EngineJobLauncher::~EngineJobLauncher()
{
    m_pool.waitForDone();
}

void EngineJobLauncher::setSink(std::shared_ptr<JobRunSink> sink)
{
    QMutexLocker lock(&m_mutex);
    m_sink = std::move(sink);
}

void EngineJobLauncher::launch(const JobRun &run, const JobTarget &target, const QString &jobName,
                               std::shared_ptr<JobRunSink> sink)
{
    if (target.kind == JobTarget::Kind::Builtin) {
        launchCleanup(run, target, std::move(sink));
        return;
    }
    if (m_workflowLauncher) {
        m_workflowLauncher->launch(run, target, jobName, std::move(sink));
        return;
    }
    StartWorkflowRequest request;
    request.name = target.name;
    request.version = target.version;
    request.input = target.input;
    request.priority = target.priority;
    request.projectId = target.projectId;
    request.correlationId = run.correlationId();
    request.createdBy = QStringLiteral("scheduler:%1").arg(jobName);
    m_engine->startWorkflow(std::move(request), [sink, runId = run.runId](Result<QString> workflowId) {
        sink->runStarted(runId, std::move(workflowId));
    });
}

void EngineJobLauncher::launchCleanup(const JobRun &run, const JobTarget &target, std::shared_ptr<JobRunSink> sink)
{
    sink->runStarted(run.runId, QString());
    QStringList statuses;
    for (const QJsonValue &v : target.input.value(QStringLiteral("statuses")).toArray())
        statuses << v.toString();
    const qint64 cutoff = m_clock->nowMs() - WorkflowRetention::retentionMs(target.input);
    m_pool.start([store = m_store, sink, run, statuses, cutoff] {
        auto result = WorkflowRetention::purge(store, statuses, cutoff);
        if (result)
            sink->runFinished(run.jobId, run.runId, QString(), JobRun::Status::Completed, *result);
        else
            sink->runFinished(run.jobId, run.runId, QString(), JobRun::Status::Failed,
                              QJsonObject{{QStringLiteral("error"), result.error().message}});
    });
}

void EngineJobLauncher::onEngineEvent(const EngineEvent &event)
{
    if (!event.name.startsWith(QLatin1String("workflow_")))
        return;
    const QString correlation = event.payload.value(QStringLiteral("correlationId")).toString();
    if (!correlation.startsWith(QLatin1String("job:")))
        return;
    const auto status = JobRun::fromWorkflowStatus(event.payload.value(QStringLiteral("status")).toString());
    if (!status)
        return; // started, resumed, ...
    const QString runId = JobRun::runIdFromCorrelation(correlation);
    const QString jobId = correlation.mid(4, correlation.size() - 5 - runId.size());
    QJsonObject detail;
    if (event.payload.contains(QStringLiteral("reason")))
        detail.insert(QStringLiteral("reason"), event.payload.value(QStringLiteral("reason")));
    std::shared_ptr<JobRunSink> sink;
    {
        QMutexLocker lock(&m_mutex);
        sink = m_sink;
    }
    if (sink)
        sink->runFinished(jobId, runId, event.payload.value(QStringLiteral("workflowId")).toString(), *status, detail);
}

} // namespace orrery
