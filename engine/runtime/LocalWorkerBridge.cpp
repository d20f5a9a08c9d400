#include "LocalWorkerBridge.h"

#include "workers/WorkerPool.h"
#include "workflow/EngineCore.h"

namespace orrery {

LocalWorkerBridge::LocalWorkerBridge(EngineCore *core, WorkerPool *pool, QObject *parent)
    : QObject(parent), m_core(core), m_pool(pool)
{
    // Both run on the emitter's thread: submit() and completeLocal() marshal themselves.
    connect(core, &EngineCore::localTasksReady, this, [this](const QList<Task> &tasks) { dispatch(tasks); },
            Qt::DirectConnection);
    connect(pool, &WorkerPool::finished, this, [this](const QList<TaskOutcome> &outcomes) { deliver(outcomes); },
            Qt::DirectConnection);
}

void LocalWorkerBridge::enableAllTypes(int capacityPerType)
{
    const QStringList types = m_pool->registry().types();
    EngineCore *core = m_core;
    QMetaObject::invokeMethod(core, [core, types, capacityPerType] {
        for (const QString &type : types)
            core->setLocalCapacity(type, capacityPerType);
    }, Qt::QueuedConnection);
}

void LocalWorkerBridge::dispatch(const QList<Task> &tasks)
{
    QList<TaskAssignment> batch;
    batch.reserve(tasks.size());
    for (const Task &t : tasks)
        batch.append(TaskAssignment{t.taskId, t.workflowInstanceId, t.taskType, t.inputData, t.retryCount,
                                    t.responseTimeoutSeconds * 1000});
    m_pool->submit(std::move(batch));
}

TaskResult LocalWorkerBridge::toResult(const TaskOutcome &o)
{
    TaskResult r;
    r.taskId = o.taskId;
    r.workerId = QString::fromLatin1(EngineCore::kLocalWorkerId);
    switch (o.status) {
    case TaskOutcome::Completed: r.status = TaskStatus::Completed; break;
    case TaskOutcome::Failed: r.status = TaskStatus::Failed; break;
    case TaskOutcome::FailedTerminal: r.status = TaskStatus::FailedWithTerminalError; break;
    }
    r.outputData = o.output;
    if (!o.failure.isEmpty())
        r.outputData.insert(QStringLiteral("error"), o.failure.toJson());
    r.hasOutputData = true;
    r.reasonForIncompletion = o.reason.left(500);
    for (const QString &line : o.logs)
        r.logs.append(TaskLog{o.taskId, line, o.finishedMs});
    return r;
}

void LocalWorkerBridge::deliver(const QList<TaskOutcome> &outcomes)
{
    QList<TaskResult> results;
    results.reserve(outcomes.size());
    for (const TaskOutcome &o : outcomes)
        results.append(toResult(o));
    EngineCore *core = m_core;
    QMetaObject::invokeMethod(core, [core, results = std::move(results)] { core->completeLocal(results); },
                              Qt::QueuedConnection);
}

} // namespace orrery
