#pragma once

#include "core/Clock.h"
#include "core/Requests.h"
#include "core/Result.h"
#include "core/Task.h"
#include "core/TaskDef.h"
#include "core/WorkflowDef.h"
#include "workflow/BulkAction.h"
#include "workflow/RerunRequest.h"
#include "workflow/SkipTaskRequest.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>

namespace orrery {

class Store;
class EngineCore;

template<typename T>
using Reply = std::function<void(Result<T>)>;

struct EngineConfig
{
    Clock *clock = nullptr;            // default: SystemClock
    int terminalRetentionMs = 60'000;  // how long finished workflows stay in memory after commit
    quint32 randomSeed = 0;            // 0 = random (jitter)
    // Deadlines (leases, timeouts, retries coming due) and dead letters wait for release(): a
    // server starts the engine, then the modules that guard and record its work (breakers, the
    // DLQ), then releases it, so nothing recovered at start-up fails for good unrecorded.
    bool holdUntilReleased = false;
};

// The engine's public face. Every method is thread-safe and asynchronous: the request is queued
// to the engine thread, and `reply` is invoked on an engine-owned thread (the engine thread, the
// store's writer thread, or a reader thread of the global pool) when the answer is ready (for
// mutations: after the change is committed to the store). Callers living on another thread
// marshal the reply back themselves (QMetaObject::invokeMethod on their own context object).
class Engine : public QObject
{
    Q_OBJECT

public:
    // Takes no ownership of `store`. Call start() to spawn the engine thread and recover state.
    Engine(Store *store, EngineConfig config, QObject *parent = nullptr);
    ~Engine() override;

    // Loads definitions and active workflows from the store (blocking), then starts the thread.
    Result<void> start();
    // With EngineConfig::holdUntilReleased: arms the deadlines and emits the dead letters held
    // since start() (blocking until the engine thread has done it). Without: does nothing.
    void release();
    // Stops handing out work (polls answer empty, local dispatch stops) and waits up to
    // drainTimeoutMs for locally running tasks to report. Results keep being accepted.
    void drain(int drainTimeoutMs);
    // Drains (if not done yet, without waiting), stops the engine thread and flushes the store.
    // Tasks still running locally stay IN_PROGRESS in the store and are delivered again on the
    // next start. Idempotent.
    void stop();
    // True while accepting new work (false after stop() began).
    bool isRunning() const;

    // ---- metadata (spec §3) ----
    void registerTaskDefs(QList<TaskDef> defs, Reply<void> reply);   // upsert
    void updateTaskDef(TaskDef def, Reply<void> reply);               // upsert (Orkes behaviour)
    void taskDefs(Reply<QJsonArray> reply);
    void taskDef(QString name, Reply<QJsonObject> reply);
    void removeTaskDef(QString name, Reply<void> reply);
    void registerWorkflowDef(WorkflowDef def, bool overwrite, Reply<void> reply);
    void upsertWorkflowDefs(QList<WorkflowDef> defs, Reply<BulkResponse> reply);
    void workflowDef(QString name, std::optional<int> version, Reply<QJsonObject> reply);
    void workflowDefs(Reply<QJsonArray> reply);
    void removeWorkflowDef(QString name, int version, Reply<void> reply);

    // ---- executions (spec §4) ----
    void startWorkflow(StartWorkflowRequest request, Reply<QString> reply); // -> workflowId
    void workflow(QString workflowId, bool includeTasks, Reply<QJsonObject> reply);
    void task(QString taskId, Reply<QJsonObject> reply);

    // ---- worker API (spec §2) ----
    // Long poll: answers as soon as at least one task is available, or after timeoutMs with [].
    void poll(QString taskType, QString workerId, QString domain, int count, int timeoutMs,
              Reply<QJsonArray> reply);
    void updateTask(TaskResult result, Reply<QString> reply); // -> taskId
    // update-v2: after a terminal update, polls once more for the same type (empty object = none).
    void updateTaskV2(TaskResult result, Reply<QJsonObject> reply);
    void taskLogs(QString taskId, Reply<QJsonArray> reply);
    void addTaskLog(QString taskId, QString log, Reply<void> reply);
    void queueSizes(QStringList taskTypes, Reply<QJsonObject> reply);
    void pollData(QString taskType, Reply<QJsonArray> reply); // empty type = all

    // DLQ replay: a new attempt of a failed task's reference in its workflow (-> new taskId).
    void replayTask(QString workflowId, QString referenceTaskName, Reply<QString> reply);
    void terminateWorkflow(QString workflowId, QString reason, Reply<void> reply);
    void pauseWorkflow(QString workflowId, Reply<void> reply);
    void resumeWorkflow(QString workflowId, Reply<void> reply);
    void restartWorkflow(QString workflowId, Reply<void> reply);
    void rerunWorkflow(QString workflowId, RerunRequest request, Reply<QString> reply);
    void removeWorkflow(QString workflowId, Reply<void> reply);
    // ---- further operator actions (spec §2, §4; see EngineCore for the rules) ----
    void restartWorkflow(QString workflowId, bool useLatestDefinitions, Reply<void> reply);
    void terminateAndRemove(QString workflowId, QString reason, Reply<void> reply);
    void skipTask(QString workflowId, QString taskReferenceName, SkipTaskRequest request, Reply<void> reply);
    void resetCallbacks(QString workflowId, Reply<void> reply);
    void decideWorkflow(QString workflowId, Reply<void> reply);
    // resumeSubworkflowTasks: walk into the failed sub-workflow instead of starting a new child.
    void retryWorkflow(QString workflowId, bool resumeSubworkflowTasks, Reply<void> reply);
    // -> taskId of the updated task, empty when no task of that ref is pending.
    void updateTaskByRef(QString workflowId, QString taskReferenceName, TaskStatus status, QJsonObject output,
                         QString workerId, Reply<QString> reply);
    // -> taskId of the signaled WAIT/HUMAN task.
    void signalTask(QString workflowId, TaskStatus status, QJsonObject output, Reply<QString> reply);
    void bulk(BulkAction action, QStringList workflowIds, BulkOptions options, Reply<BulkResponse> reply);
    void queueSize(QString taskType, QString domain, Reply<int> reply);
    void allQueueSizes(Reply<QJsonObject> reply);
    // Runs `fn` on the engine thread with the core (for modules built on the engine: DLQ,
    // scheduler, stats). `fn` must not block.
    void onEngineThread(std::function<void(EngineCore &)> fn);

    // The engine's core object (lives on the engine thread). For composition roots and tests.
    EngineCore *core() const;

private:
    std::unique_ptr<class EnginePrivate> d;
};

} // namespace orrery
