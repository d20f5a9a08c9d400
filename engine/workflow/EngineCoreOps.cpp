#include "EngineCore.h"

#include "store/Store.h"

#include <QRegularExpression>

// EngineCore's operator actions on one workflow's tasks (spec §2, §4): terminate-and-remove,
// skip, reset callbacks, decide, update by reference name, signal; and the queue
// figures. Rare, operator-driven, kept apart from the hot path.

namespace orrery {

namespace {

constexpr int kMaxSubWorkflowDepth = 32;

// "ref__3" -> "ref": the iteration suffix DO_WHILE gives the refs of its loop tasks.
QString withoutIteration(const QString &ref)
{
    static const QRegularExpression suffix(QStringLiteral("__\\d+$"));
    QString out = ref;
    out.remove(suffix);
    return out;
}

// The result an external update (by reference name, signal) applies: `output` merged into the
// task's output, its callback kept.
TaskResult mergedResult(const Task &t, TaskStatus status, const QJsonObject &output, const QString &workerId)
{
    TaskResult result;
    result.taskId = t.taskId;
    result.workflowInstanceId = t.workflowInstanceId;
    result.status = status;
    result.outputData = t.outputData;
    for (auto it = output.begin(); it != output.end(); ++it)
        result.outputData.insert(it.key(), it.value());
    result.hasOutputData = true;
    result.callbackAfterSeconds = t.callbackAfterSeconds;
    result.workerId = workerId;
    return result;
}

} // namespace

void EngineCore::terminateAndRemove(const QString &workflowId, const QString &reason, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    if (run.wf.status == WorkflowStatus::Completed)
        return reply(Error::conflict(QStringLiteral("Cannot terminate a COMPLETED workflow; %1 was not removed "
                                                    "(remove it with DELETE /api/workflow/%1/remove).")
                                         .arg(workflowId)));
    if (run.wf.status != WorkflowStatus::Terminated) {
        Decision d;
        m_decider.finish(run, WorkflowStatus::Terminated,
                         reason.isEmpty() ? QStringLiteral("Terminated by an operator") : reason, d);
        apply(run, d);
    }
    forgetIdempotencyKey(run.wf);
    dropFromMemory(workflowId);
    m_store->removeWorkflow(workflowId);
    m_store->whenCommitted(std::move(reply));
}

void EngineCore::skipTask(const QString &workflowId, const QString &ref, const SkipTaskRequest &request, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    if (run.wf.status != WorkflowStatus::Running)
        return reply(Error::conflict(QStringLiteral("The workflow %1 is %2, not RUNNING, so the task referenced by %3 "
                                                    "cannot be skipped.")
                                         .arg(workflowId, toString(run.wf.status), ref)));
    Task *pending = nullptr;
    const Task *latest = nullptr;
    for (Task &t : run.tasks) {
        if (t.referenceTaskName != ref)
            continue;
        latest = &t;
        if (!isTerminal(t.status))
            pending = &t;
    }
    if (!pending) {
        const WorkflowDef *def = run.wf.definition.get();
        if (!latest && (!def || !def->findByRef(withoutIteration(ref))))
            return reply(Error::notFound(QStringLiteral("The task referenced by %1 does not exist in the WorkflowDefinition %2.")
                                             .arg(ref, run.wf.workflowName)));
        if (latest)
            return reply(Error::conflict(QStringLiteral("The task referenced %1 has already been processed (it is %2), "
                                                        "cannot be skipped.")
                                             .arg(ref, toString(latest->status))));
        // Not scheduled yet (spec §4): recorded SKIPPED now, passed over when its turn comes.
        Decision d;
        const int index = m_decider.skipAhead(run, ref, request.taskInput.value_or(QJsonObject()),
                                              request.taskOutput.value_or(QJsonObject()), d);
        if (index < 0)
            return reply(Error::conflict(QStringLiteral("The task referenced %1 cannot be skipped.").arg(ref)));
        m_taskToWorkflow.insert(run.tasks[size_t(index)].taskId, workflowId);
        emitEvent(QStringLiteral("task_skipped"), run.tasks[size_t(index)]);
        apply(run, d);
        return m_store->whenCommitted(std::move(reply));
    }
    Task &t = *pending;
    const qint64 now = m_clock->nowMs();
    if (t.status == TaskStatus::InProgress)
        leftInProgress(t);
    m_queues.remove(t.taskId);
    m_leases.disarm(t.taskId);
    m_attemptTimeouts.disarm(t.taskId);
    m_deferredPersist.disarm(t.taskId);
    if (request.taskInput)
        for (auto it = request.taskInput->begin(); it != request.taskInput->end(); ++it)
            t.inputData.insert(it.key(), it.value());
    if (request.taskOutput)
        t.outputData = *request.taskOutput;
    t.status = TaskStatus::Skipped;
    t.endTime = now;
    t.updateTime = now;
    m_store->saveTask(t);
    emitEvent(QStringLiteral("task_skipped"), t);
    Decision d;
    m_decider.decide(run, d);
    apply(run, d);
    m_store->whenCommitted(std::move(reply));
}

void EngineCore::resetCallbacks(const QString &workflowId, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    if (isTerminal(run.wf.status))
        return reply(Error::conflict(QStringLiteral("Workflow is in terminal state. Status = %1; its callbacks cannot be reset.")
                                         .arg(toString(run.wf.status))));
    const qint64 now = m_clock->nowMs();
    const WorkflowDef *def = run.wf.definition.get();
    for (Task &t : run.tasks) {
        if (t.status != TaskStatus::Scheduled || t.callbackAfterSeconds <= 0)
            continue;
        const WorkflowTask *node = def ? def->findByRef(withoutIteration(t.referenceTaskName)) : nullptr;
        const QString type = node ? node->type : t.workflowTask.value(QStringLiteral("type")).toString();
        if (!type.isEmpty() && type != QLatin1String("SIMPLE"))
            continue; // system tasks keep their own timing (Conductor resets worker tasks only)
        t.callbackAfterSeconds = 0;
        t.updateTime = now;
        m_store->saveTask(t);
        enqueue(t, now); // re-added, visible now
    }
    m_store->whenCommitted(std::move(reply));
}

void EngineCore::decideWorkflow(const QString &workflowId, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    Decision d;
    m_decider.decide(run, d); // a no-op for an ended workflow, as in Conductor
    apply(run, d);
    m_store->whenCommitted(std::move(reply));
}

void EngineCore::restartWorkflow(const QString &workflowId, bool useLatestDefinitions, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    if (isTerminal(run.wf.status)) {
        WorkflowDefPtr def = run.wf.definition;
        if (useLatestDefinitions) {
            def = m_metadata.registry().workflowDef(run.wf.workflowName, std::nullopt);
            if (!def)
                return reply(Error::notFound(QStringLiteral("Unable to find latest definition for %1 (workflow %2).")
                                                 .arg(run.wf.workflowName, workflowId)));
        }
        if (def && !def->restartable && run.wf.status == WorkflowStatus::Completed)
            return reply(Error::notFound(QStringLiteral("Workflow: %1 is non-restartable (its definition sets "
                                                        "restartable: false).")
                                             .arg(workflowId)));
        if (def) {
            run.wf.definition = def;
            run.wf.workflowVersion = def->version;
        }
    }
    restartWorkflow(workflowId, std::move(reply)); // 409 while the workflow has not ended
}

void EngineCore::updateTaskByRef(const QString &workflowId, const QString &ref, TaskStatus status,
                                 const QJsonObject &output, const QString &workerId, Reply<QString> reply)
{
    WorkflowRun *run = runOf(workflowId);
    if (!run) {
        // Not in memory: it ended long ago (nothing pending) or never existed.
        Store *store = m_store;
        readFromStore([store, workflowId, reply = std::move(reply)] {
            auto rec = store->loadWorkflow(workflowId);
            if (!rec.ok())
                reply(rec.error());
            else if (!rec.value())
                reply(Error::notFound(QStringLiteral("No such workflow found by id: %1").arg(workflowId)));
            else
                reply(QString());
        });
        return;
    }
    Task *target = nullptr;
    for (Task &t : run->tasks)
        if (!isTerminal(t.status) && t.referenceTaskName == ref) {
            target = &t;
            break;
        }
    if (!target)
        for (Task &t : run->tasks)
            if (!isTerminal(t.status) && withoutIteration(t.referenceTaskName) == ref) {
                target = &t;
                break;
            }
    if (!target || isTerminal(run->wf.status))
        return reply(QString());
    const QString taskId = target->taskId;
    if (auto r = applyResult(*run, *target, mergedResult(*target, status, output, workerId)); !r.ok())
        return reply(r.error());
    answerAfterCommit(std::move(reply), taskId);
}

WorkflowRun *EngineCore::findSignalTarget(WorkflowRun &run, Task **task, int depth)
{
    for (Task &t : run.tasks) {
        if (isTerminal(t.status))
            continue;
        if (t.taskType == QLatin1String("WAIT") || t.taskType == QLatin1String("HUMAN")) {
            *task = &t;
            return &run;
        }
        if (t.taskType == QLatin1String("SUB_WORKFLOW") && !t.subWorkflowId.isEmpty() && depth < kMaxSubWorkflowDepth) {
            WorkflowRun *child = runOf(t.subWorkflowId);
            if (child && !isTerminal(child->wf.status))
                if (WorkflowRun *found = findSignalTarget(*child, task, depth + 1))
                    return found;
        }
    }
    return nullptr;
}

void EngineCore::signalTask(const QString &workflowId, TaskStatus status, const QJsonObject &output, Reply<QString> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    if (isTerminal(run.wf.status))
        return reply(Error::conflict(QStringLiteral("The workflow %1 is %2; there is no task to signal.")
                                         .arg(workflowId, toString(run.wf.status))));
    Task *t = nullptr;
    WorkflowRun *owner = findSignalTarget(run, &t, 0);
    if (!owner)
        return reply(Error::notFound(QStringLiteral("Workflow %1 has no pending WAIT or HUMAN task (its running "
                                                    "sub-workflows included); nothing was signaled.")
                                         .arg(workflowId)));
    const QString taskId = t->taskId;
    if (auto r = applyResult(*owner, *t, mergedResult(*t, status, output, QString())); !r.ok())
        return reply(r.error());
    answerAfterCommit(std::move(reply), taskId);
}

int EngineCore::queueSize(const QString &taskType, const QString &domain) const
{
    return m_queues.size(TaskQueues::queueName(taskType, domain));
}

QJsonObject EngineCore::allQueueSizes() const
{
    QJsonObject out;
    for (const QString &queue : m_queues.queueNames())
        out.insert(queue, m_queues.size(queue));
    return out;
}

} // namespace orrery
