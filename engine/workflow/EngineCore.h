#pragma once

#include "core/EngineEvent.h"
#include "workflow/BulkAction.h"
#include "workflow/DeadlineHeap.h"
#include "workflow/HandOutGate.h"
#include "workflow/Decider.h"
#include "workflow/Engine.h"
#include "workflow/MetadataService.h"
#include "workflow/SkipTaskRequest.h"
#include "workflow/TaskQueues.h"
#include "workflow/WorkflowRun.h"
#include "workflow/systemtasks/SystemTaskHost.h"

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>
#include <deque>
#include <memory>
#include <unordered_map>

namespace orrery {

class Store;

// The engine's state and logic, owned by the engine thread (its only user): running workflows
// and their tasks in memory, task queues, leases, long-poll waiters and local worker slots. The
// store is written behind it and never read on the hot path. Every method must be called on the
// engine thread (Engine marshals there).
class EngineCore : public QObject, private SystemTaskHost
{
    Q_OBJECT

public:
    static constexpr auto kLocalWorkerId = "orrery-local";

    EngineCore(Store *store, const EngineConfig &config, QObject *parent = nullptr);
    ~EngineCore() override;

    // Rebuilds memory state from the store (call before the engine thread starts).
    Result<void> load();
    // Ends the hold of EngineConfig::holdUntilReleased: emits the dead letters kept meanwhile
    // (taskDeadLettered, in order) and arms the deadline timer.
    void release();

    MetadataService &metadata() { return m_metadata; }
    const Clock &clock() const { return *m_clock; }

    void startWorkflow(StartWorkflowRequest request, Reply<QString> reply);
    void workflow(const QString &workflowId, bool includeTasks, Reply<QJsonObject> reply);
    void task(const QString &taskId, Reply<QJsonObject> reply);
    void poll(const QString &taskType, const QString &workerId, const QString &domain, int count, int timeoutMs,
              Reply<QJsonArray> reply);
    void updateTask(const TaskResult &result, Reply<QString> reply);
    void updateTaskV2(const TaskResult &result, Reply<QJsonObject> reply);
    void taskLogs(const QString &taskId, Reply<QJsonArray> reply);
    // Runs a task that failed for good again, as a new attempt of the same reference in the same
    // workflow (reopening the workflow if it ended). Replies with the new taskId.
    void replayTask(const QString &workflowId, const QString &referenceTaskName, Reply<QString> reply);
    // Operator actions on executions (spec §4): terminate (COMPLETED -> 409, TERMINATED -> no-op),
    // pause/resume, restart from the start with the same id (ended workflows only), remove.
    void terminateWorkflow(const QString &workflowId, const QString &reason, Reply<void> reply);
    void pauseWorkflow(const QString &workflowId, Reply<void> reply);
    void resumeWorkflow(const QString &workflowId, Reply<void> reply);
    void restartWorkflow(const QString &workflowId, Reply<void> reply);
    // Rerun (spec §4) of an ended workflow, whole or from one task; replies with the workflow id.
    void rerunWorkflow(const QString &workflowId, const RerunRequest &request, Reply<QString> reply);
    void removeWorkflow(const QString &workflowId, Reply<void> reply);
    // restart with the latest registered definition of the workflow's name (spec §4).
    void restartWorkflow(const QString &workflowId, bool useLatestDefinitions, Reply<void> reply);

    // ---- further operator actions (EngineCoreOps.cpp, EngineCoreBulk.cpp) ----
    // Terminate (as terminateWorkflow: COMPLETED -> 409), then remove.
    void terminateAndRemove(const QString &workflowId, const QString &reason, Reply<void> reply);
    // Marks the pending (SCHEDULED / IN_PROGRESS) task of `ref` SKIPPED and lets the workflow go
    // on; the workflow must be RUNNING (else 409).
    void skipTask(const QString &workflowId, const QString &ref, const SkipTaskRequest &request, Reply<void> reply);
    // callbackAfterSeconds of the workflow's SCHEDULED worker tasks -> 0, visible in their queue now.
    void resetCallbacks(const QString &workflowId, Reply<void> reply);
    // One evaluation of the workflow by the decider, now.
    void decideWorkflow(const QString &workflowId, Reply<void> reply);
    // Manual retry (spec §4) of an ended workflow: every ref whose latest attempt failed runs again.
    void retryWorkflow(const QString &workflowId, Reply<void> reply);
    // With resumeSubworkflowTasks, when the failed task is a SUB_WORKFLOW whose child ended
    // with a failed task, the child is retried (recursively) and the SUB_WORKFLOW task goes back
    // IN_PROGRESS waiting for that same child (EngineCoreRetry.cpp).
    void retryWorkflow(const QString &workflowId, bool resumeSubworkflowTasks, Reply<void> reply);
    // Update by reference name (spec §2): the first non-terminal task of `ref` (else of `ref` with
    // its DO_WHILE "__N" suffix stripped) gets `status`, `output` merged into its output. Replies
    // with its taskId, or an empty string when no task of that ref is pending.
    void updateTaskByRef(const QString &workflowId, const QString &ref, TaskStatus status, const QJsonObject &output,
                         const QString &workerId, Reply<QString> reply);
    // Completes the first non-terminal WAIT or HUMAN task of the workflow or of its running
    // sub-workflows (depth first) with `status` and `output` merged in. Replies with its taskId.
    void signalTask(const QString &workflowId, TaskStatus status, const QJsonObject &output, Reply<QString> reply);
    void bulk(BulkAction action, const QStringList &workflowIds, const BulkOptions &options, Reply<BulkResponse> reply);
    int queueSize(const QString &taskType, const QString &domain) const;
    QJsonObject allQueueSizes() const; // {queueName: size} of every queue
    void addTaskLog(const QString &taskId, const QString &log, Reply<void> reply);
    QJsonObject queueSizes(const QStringList &taskTypes) const;
    QJsonArray pollData(const QString &taskType) const;

    // Local workers: the engine hands tasks of these types (no domain) to localTasksReady while
    // fewer than `capacity` of a type are out; results come back through completeLocal().
    void setLocalCapacity(const QString &taskType, int capacity);
    void completeLocal(const QList<TaskResult> &results);
    int localInFlight() const { return m_localInFlight; }

    // Remote hand-outs ask `gate` first (an empty gate: none). Engine thread only.
    void setHandOutGate(HandOutGate gate) { m_handOutGate = std::move(gate); }

    // Graceful stop: no more hand-outs (polls answer empty, local dispatch stops).
    void beginDrain();
    bool draining() const { return m_draining; }

    // Processes everything due at the clock's current time (timers call this; virtual-time tests
    // call it after moving a ManualClock).
    void processDue();

    int activeWorkflowCount() const;

Q_SIGNALS:
    // Emitted in batches with a direct connection in mind: the receiver submits to its pool.
    void localTasksReady(const QList<orrery::Task> &tasks);
    void engineEvent(const orrery::EngineEvent &event);
    // An execution ended (COMPLETED, FAILED, TIMED_OUT, TERMINATED), on the engine thread, before
    // the change is committed. For callers that need only that (bench_throughput): unlike a
    // connection to engineEvent, it does not make the engine build every event's JSON payload.
    void workflowEnded(const QString &workflowId, const QString &correlationId, const QString &status);
    // A task failed for good: `attempts` are all attempts of its reference, oldest first, the
    // last one being `task`. reasonClass: RETRIES_EXHAUSTED, TERMINAL, TIMED_OUT, CANCELED,
    // DEADLINE_EXCEEDED. Emitted on the engine thread before the change is committed.
    void taskDeadLettered(const orrery::Task &task, const QList<orrery::Task> &attempts,
                          const QString &reasonClass, const QString &message);

private:
    // A child workflow's link to the SUB_WORKFLOW task that started it.
    struct ChildOf
    {
        QString workflowId;
        QString taskId;
        QString childId; // fixed id, derived from the parent task's id (a restart finds it again)
    };

    // ---- workflows started by the engine (EngineCore.cpp, EngineCoreSystemTasks.cpp) ----
    Result<QString> createRun(const StartWorkflowRequest &request, const ChildOf &parent);
    // idempotencyKey of a start already used: the existing id (RETURN_EXISTING), a 409 (FAIL,
    // FAIL_ON_RUNNING while it runs), or an empty id to go ahead.
    // Keys of workflows started since load() are in memory; an earlier one is looked up in the store.
    Result<QString> idempotentStart(const StartWorkflowRequest &request, const WorkflowDef &def);
    // A removed workflow frees its key (before the removal is committed: no store look-up then).
    void forgetIdempotencyKey(const Workflow &removed);
    void startSubWorkflow(const WorkflowRun &parent, const Task &task) override;
    void wakeAt(const QString &workflowId, const QString &taskId, qint64 atMs) override;
    void publishEvent(const WorkflowRun &run, const Task &task, const QString &sink, const QJsonObject &payload) override;
    void startChildNow(const QString &parentWorkflowId, const QString &taskId);
    // Retry with resumeSubworkflowTasks (EngineCoreRetry.cpp): the workflows from the topmost
    // one to resume down to the one whose failed tasks run again; then resuming along it.
    Result<std::vector<WorkflowRun *>> resumeChain(WorkflowRun &run);
    Result<void> resumeThrough(const std::vector<WorkflowRun *> &chain);
    // START_WORKFLOW (EngineCoreStartWorkflow.cpp).
    void startWorkflowFor(const WorkflowRun &run, const Task &task, bool afterRestart) override;
    void startTriggeredNow(const QString &taskId, bool afterRestart);
    void childEnded(const Workflow &child);
    void terminateChildLater(const QString &childId, const QString &reason);
    void afterWorkflowEnded(const WorkflowRun &run, bool byEngine);
    void startFailureWorkflow(const Workflow &failed, const QList<Task> &tasks);
    void wakeTask(const QString &taskId);
    void armWorkflowTimeout(const WorkflowRun &run);
    void expireWorkflow(const QString &workflowId);
    void expirePoll(const QString &taskId);
    // timeoutSeconds / pollTimeoutSeconds reached with the TaskDef's timeoutPolicy (spec §7).
    void timeOutTask(WorkflowRun &run, Task &t, const QString &reason, const QString &policy);

    struct Waiter
    {
        QString queue;
        QString workerId;
        int count = 1;
        Reply<QJsonArray> reply;
    };
    struct PollInfo
    {
        QString workerId;
        qint64 lastPollTime = 0;
    };

    WorkflowRun *runOf(const QString &workflowId);
    // The run in memory, or loaded back from the store if it ended and was evicted (blocking
    // read: operator actions only). Error NotFound when it does not exist.
    Result<WorkflowRun *> loadedRun(const QString &workflowId);
    void dropFromMemory(const QString &workflowId);
    // Puts an ended workflow back to RUNNING with only the `kept` attempts (restart, rerun).
    WorkflowRun &reopenRun(Workflow wf, std::vector<Task> kept, Decision &d);
    WorkflowRun *runOfTask(const QString &taskId, Task **task);
    void apply(WorkflowRun &run, const Decision &d);
    void enqueue(const Task &t, qint64 visibleAt);
    void persist(const WorkflowRun &run, int taskIndex);
    // `freshPoll`: a new poll of a remote worker (for the gate's refusal count).
    QList<Task> handOut(const QString &queue, const QString &workerId, int count, bool freshPoll = false);
    bool admit(const Task &t);
    void markInProgress(WorkflowRun &run, Task &t, const QString &workerId);
    void leftInProgress(const Task &t);
    Result<void> applyResult(WorkflowRun &run, Task &t, const TaskResult &result);
    void serveQueue(const QString &queue);
    void scheduleLocalFlush();
    void flushLocal();
    void expireLease(const QString &taskId);
    void expireAttempt(const QString &taskId);
    void expireWaiter(const QString &waiterId);
    void evictTerminal();
    void armTimer();
    void emitEvent(const QString &name, const Task &t);
    void emitWorkflowEvent(const QString &name, const Workflow &wf);
    QString chooseDomain(const QString &taskType, const QString &domains) const;
    void readFromStore(std::function<void()> job);
    // The task a signal completes: depth first through running sub-workflows.
    WorkflowRun *findSignalTarget(WorkflowRun &run, Task **task, int depth);
    // Replies `value` once everything written so far is committed (or the commit's error).
    void answerAfterCommit(Reply<QString> reply, const QString &value);
    // Answers a poll with the tasks handed out, once their hand-out is committed.
    void answerHandOut(Reply<QJsonArray> reply, const QList<Task> &tasks);

    Store *m_store;
    EngineConfig m_config;
    const Clock *m_clock;
    QRandomGenerator m_rng;
    MetadataService m_metadata;
    Decider m_decider;

    std::unordered_map<QString, std::unique_ptr<WorkflowRun>> m_runs;
    QHash<QString, QString> m_taskToWorkflow;
    std::deque<std::pair<qint64, QString>> m_terminal; // (ended at, workflowId), oldest first
    TaskQueues m_queues;
    DeadlineHeap m_leases;          // responseTimeoutSeconds
    DeadlineHeap m_attemptTimeouts; // timeoutSeconds
    DeadlineHeap m_waiterDeadlines;
    DeadlineHeap m_pollTimeouts;     // pollTimeoutSeconds of SCHEDULED tasks
    DeadlineHeap m_wakeUps;          // WAIT tasks with a duration or until
    DeadlineHeap m_workflowTimeouts; // workflow timeoutSeconds, by workflowId
    // idempotencyKey -> workflowId (since start, active ones, and those found in the store); an
    // empty id: that key's workflow was removed.
    QHash<QString, QString> m_idempotencyKeys;
    QSet<QString> m_childStarts;     // SUB_WORKFLOW / START_WORKFLOW task ids whose start is queued
    // Local hand-outs are written to the store only if still running after a moment: most local
    // tasks end sooner, and their end state is written anyway (a crash re-delivers them either way).
    DeadlineHeap m_deferredPersist;
    QHash<QString, Waiter> m_waiters;
    QHash<QString, QStringList> m_waitersByQueue; // FIFO of waiter ids
    quint64 m_nextWaiterId = 0;
    QHash<QString, QHash<QString, PollInfo>> m_pollData; // queue -> workerId -> info
    QHash<QString, int> m_inProgressByDef;
    QHash<QString, std::deque<qint64>> m_rateWindows;
    QHash<QString, int> m_localCapacity;
    QHash<QString, int> m_localBusy;
    int m_localInFlight = 0;
    QSet<QString> m_localDirty;
    QList<Task> m_localBatch;
    bool m_localFlushScheduled = false;
    bool m_draining = false;
    HandOutGate m_handOutGate;
    // While held (EngineConfig::holdUntilReleased, until release()): no deadline fires and dead
    // letters wait here, because what records them is not connected yet.
    struct HeldDeadLetter
    {
        Task task;
        QList<Task> attempts;
        QString reasonClass;
        QString message;
    };
    bool m_held = false;
    QList<HeldDeadLetter> m_heldDeadLetters;
    QTimer m_timer;
};

} // namespace orrery
