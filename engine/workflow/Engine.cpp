#include "Engine.h"

#include "store/Store.h"
#include "workflow/EngineCore.h"

#include <QThread>

namespace orrery {

class EnginePrivate
{
public:
    Store *store = nullptr;
    EngineConfig config;
    QThread thread;
    std::unique_ptr<EngineCore> core;
    std::atomic<bool> running{false};

    // Runs `fn` on the engine thread.
    template<typename F>
    void post(F &&fn)
    {
        QMetaObject::invokeMethod(core.get(), std::forward<F>(fn), Qt::QueuedConnection);
    }
};

Engine::Engine(Store *store, EngineConfig config, QObject *parent)
    : QObject(parent), d(std::make_unique<EnginePrivate>())
{
    d->store = store;
    d->config = config;
    d->thread.setObjectName(QStringLiteral("orrery-engine"));
    d->core = std::make_unique<EngineCore>(store, config);
}

Engine::~Engine()
{
    stop();
}

Result<void> Engine::start()
{
    if (auto r = d->core->load(); !r.ok())
        return r;
    d->core->moveToThread(&d->thread);
    d->thread.start();
    d->running = true;
    return {};
}

void Engine::release()
{
    if (!d->thread.isRunning())
        return;
    EngineCore *core = d->core.get();
    QMetaObject::invokeMethod(core, [core] { core->release(); }, Qt::BlockingQueuedConnection);
}

bool Engine::isRunning() const { return d->running; }

EngineCore *Engine::core() const { return d->core.get(); }

void Engine::drain(int drainTimeoutMs)
{
    if (!d->thread.isRunning())
        return;
    d->running = false;
    EngineCore *core = d->core.get();
    QMetaObject::invokeMethod(core, [core] { core->beginDrain(); }, Qt::BlockingQueuedConnection);
    QDeadlineTimer deadline(drainTimeoutMs);
    while (!deadline.hasExpired()) {
        int inFlight = 0;
        QMetaObject::invokeMethod(core, [core, &inFlight] { inFlight = core->localInFlight(); },
                                  Qt::BlockingQueuedConnection);
        if (inFlight == 0)
            break;
        QThread::msleep(10);
    }
}

void Engine::stop()
{
    if (!d->thread.isRunning())
        return;
    drain(0);
    // Hand the core back to this thread so it is destroyed where it is owned, then stop.
    EngineCore *core = d->core.get();
    QThread *target = QThread::currentThread();
    QMetaObject::invokeMethod(core, [core, target] { core->moveToThread(target); }, Qt::BlockingQueuedConnection);
    d->thread.quit();
    d->thread.wait();
    (void)d->store->flush();
}

void Engine::registerTaskDefs(QList<TaskDef> defs, Reply<void> reply)
{
    d->post([c = d->core.get(), defs = std::move(defs), reply = std::move(reply)]() mutable {
        c->metadata().registerTaskDefs(std::move(defs), std::move(reply));
    });
}

void Engine::updateTaskDef(TaskDef def, Reply<void> reply)
{
    d->post([c = d->core.get(), def = std::move(def), reply = std::move(reply)]() mutable {
        c->metadata().updateTaskDef(std::move(def), std::move(reply));
    });
}

void Engine::taskDefs(Reply<QJsonArray> reply)
{
    d->post([c = d->core.get(), reply = std::move(reply)] { reply(c->metadata().registry().taskDefsJson()); });
}

void Engine::taskDef(QString name, Reply<QJsonObject> reply)
{
    d->post([c = d->core.get(), name, reply = std::move(reply)] { c->metadata().taskDef(name, reply); });
}

void Engine::removeTaskDef(QString name, Reply<void> reply)
{
    d->post([c = d->core.get(), name, reply = std::move(reply)] { c->metadata().removeTaskDef(name, reply); });
}

void Engine::registerWorkflowDef(WorkflowDef def, bool overwrite, Reply<void> reply)
{
    d->post([c = d->core.get(), def = std::move(def), overwrite, reply = std::move(reply)]() mutable {
        c->metadata().registerWorkflowDef(std::move(def), overwrite, std::move(reply));
    });
}

void Engine::upsertWorkflowDefs(QList<WorkflowDef> defs, Reply<BulkResponse> reply)
{
    d->post([c = d->core.get(), defs = std::move(defs), reply = std::move(reply)]() mutable {
        c->metadata().upsertWorkflowDefs(std::move(defs), std::move(reply));
    });
}

void Engine::workflowDef(QString name, std::optional<int> version, Reply<QJsonObject> reply)
{
    d->post([c = d->core.get(), name, version, reply = std::move(reply)] {
        c->metadata().workflowDef(name, version, reply);
    });
}

void Engine::workflowDefs(Reply<QJsonArray> reply)
{
    d->post([c = d->core.get(), reply = std::move(reply)] { reply(c->metadata().registry().workflowDefsJson()); });
}

void Engine::removeWorkflowDef(QString name, int version, Reply<void> reply)
{
    d->post([c = d->core.get(), name, version, reply = std::move(reply)] {
        c->metadata().removeWorkflowDef(name, version, reply);
    });
}

void Engine::startWorkflow(StartWorkflowRequest request, Reply<QString> reply)
{
    d->post([c = d->core.get(), request = std::move(request), reply = std::move(reply)]() mutable {
        c->startWorkflow(std::move(request), std::move(reply));
    });
}

void Engine::workflow(QString workflowId, bool includeTasks, Reply<QJsonObject> reply)
{
    d->post([c = d->core.get(), workflowId, includeTasks, reply = std::move(reply)] {
        c->workflow(workflowId, includeTasks, reply);
    });
}

void Engine::task(QString taskId, Reply<QJsonObject> reply)
{
    d->post([c = d->core.get(), taskId, reply = std::move(reply)] { c->task(taskId, reply); });
}

void Engine::poll(QString taskType, QString workerId, QString domain, int count, int timeoutMs, Reply<QJsonArray> reply)
{
    d->post([c = d->core.get(), taskType, workerId, domain, count, timeoutMs, reply = std::move(reply)] {
        c->poll(taskType, workerId, domain, count, timeoutMs, reply);
    });
}

void Engine::updateTask(TaskResult result, Reply<QString> reply)
{
    d->post([c = d->core.get(), result = std::move(result), reply = std::move(reply)] { c->updateTask(result, reply); });
}

void Engine::updateTaskV2(TaskResult result, Reply<QJsonObject> reply)
{
    d->post([c = d->core.get(), result = std::move(result), reply = std::move(reply)] { c->updateTaskV2(result, reply); });
}

void Engine::taskLogs(QString taskId, Reply<QJsonArray> reply)
{
    d->post([c = d->core.get(), taskId, reply = std::move(reply)] { c->taskLogs(taskId, reply); });
}

void Engine::addTaskLog(QString taskId, QString log, Reply<void> reply)
{
    d->post([c = d->core.get(), taskId, log, reply = std::move(reply)] { c->addTaskLog(taskId, log, reply); });
}

void Engine::queueSizes(QStringList taskTypes, Reply<QJsonObject> reply)
{
    d->post([c = d->core.get(), taskTypes, reply = std::move(reply)] { reply(c->queueSizes(taskTypes)); });
}

void Engine::pollData(QString taskType, Reply<QJsonArray> reply)
{
    d->post([c = d->core.get(), taskType, reply = std::move(reply)] { reply(c->pollData(taskType)); });
}

void Engine::replayTask(QString workflowId, QString referenceTaskName, Reply<QString> reply)
{
    d->post([c = d->core.get(), workflowId, referenceTaskName, reply = std::move(reply)] {
        c->replayTask(workflowId, referenceTaskName, reply);
    });
}

void Engine::onEngineThread(std::function<void(EngineCore &)> fn)
{
    d->post([c = d->core.get(), fn = std::move(fn)] { fn(*c); });
}

void Engine::terminateWorkflow(QString workflowId, QString reason, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, reason, reply = std::move(reply)] { c->terminateWorkflow(workflowId, reason, reply); });
}

void Engine::pauseWorkflow(QString workflowId, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, reply = std::move(reply)] { c->pauseWorkflow(workflowId, reply); });
}

void Engine::resumeWorkflow(QString workflowId, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, reply = std::move(reply)] { c->resumeWorkflow(workflowId, reply); });
}

void Engine::restartWorkflow(QString workflowId, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, reply = std::move(reply)] { c->restartWorkflow(workflowId, reply); });
}

void Engine::rerunWorkflow(QString workflowId, RerunRequest request, Reply<QString> reply)
{
    d->post([c = d->core.get(), workflowId, request = std::move(request), reply = std::move(reply)] {
        c->rerunWorkflow(workflowId, request, reply);
    });
}

void Engine::removeWorkflow(QString workflowId, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, reply = std::move(reply)] { c->removeWorkflow(workflowId, reply); });
}

void Engine::restartWorkflow(QString workflowId, bool useLatestDefinitions, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, useLatestDefinitions, reply = std::move(reply)] {
        c->restartWorkflow(workflowId, useLatestDefinitions, reply);
    });
}

void Engine::terminateAndRemove(QString workflowId, QString reason, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, reason, reply = std::move(reply)] { c->terminateAndRemove(workflowId, reason, reply); });
}

void Engine::skipTask(QString workflowId, QString taskReferenceName, SkipTaskRequest request, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, taskReferenceName, request = std::move(request), reply = std::move(reply)] {
        c->skipTask(workflowId, taskReferenceName, request, reply);
    });
}

void Engine::resetCallbacks(QString workflowId, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, reply = std::move(reply)] { c->resetCallbacks(workflowId, reply); });
}

void Engine::decideWorkflow(QString workflowId, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, reply = std::move(reply)] { c->decideWorkflow(workflowId, reply); });
}

void Engine::retryWorkflow(QString workflowId, bool resumeSubworkflowTasks, Reply<void> reply)
{
    d->post([c = d->core.get(), workflowId, resumeSubworkflowTasks, reply = std::move(reply)] {
        c->retryWorkflow(workflowId, resumeSubworkflowTasks, reply);
    });
}

void Engine::updateTaskByRef(QString workflowId, QString taskReferenceName, TaskStatus status, QJsonObject output,
                             QString workerId, Reply<QString> reply)
{
    d->post([c = d->core.get(), workflowId, taskReferenceName, status, output = std::move(output), workerId,
             reply = std::move(reply)] { c->updateTaskByRef(workflowId, taskReferenceName, status, output, workerId, reply); });
}

void Engine::signalTask(QString workflowId, TaskStatus status, QJsonObject output, Reply<QString> reply)
{
    d->post([c = d->core.get(), workflowId, status, output = std::move(output), reply = std::move(reply)] {
        c->signalTask(workflowId, status, output, reply);
    });
}

void Engine::bulk(BulkAction action, QStringList workflowIds, BulkOptions options, Reply<BulkResponse> reply)
{
    d->post([c = d->core.get(), action, workflowIds = std::move(workflowIds), options = std::move(options),
             reply = std::move(reply)] { c->bulk(action, workflowIds, options, reply); });
}

void Engine::queueSize(QString taskType, QString domain, Reply<int> reply)
{
    d->post([c = d->core.get(), taskType, domain, reply = std::move(reply)] { reply(c->queueSize(taskType, domain)); });
}

void Engine::allQueueSizes(Reply<QJsonObject> reply)
{
    d->post([c = d->core.get(), reply = std::move(reply)] { reply(c->allQueueSizes()); });
}

} // namespace orrery
