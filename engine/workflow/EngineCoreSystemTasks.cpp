#include "EngineCore.h"

#include "store/Store.h"
#include "workflow/ParameterResolver.h"

#include <QLoggingCategory>
#include <QUuid>

// EngineCore as the host of system tasks: child workflows (SUB_WORKFLOW), WAIT timers, EVENT
// publishing, failure workflows, workflow timeouts and idempotent starts. Everything that starts
// or ends another workflow is queued to run after the current decision is applied, so no
// decision runs inside another.

Q_LOGGING_CATEGORY(lcSystemTasks, "orrery.workflow.systemtasks")

namespace orrery {

namespace {
// Namespace of child workflow ids: uuid5(parent task id), so a restart finds the child again.
const QUuid kChildNamespace(0x6f72a1e2, 0x5d1b, 0x4c3e, 0x9a, 0x51, 0x0b, 0x7e, 0x2c, 0x44, 0x18, 0x90);

std::optional<TaskStatus> parentStatusFor(WorkflowStatus child)
{
    switch (child) {
    case WorkflowStatus::Completed: return TaskStatus::Completed;
    case WorkflowStatus::Failed: return TaskStatus::Failed;
    case WorkflowStatus::TimedOut: return TaskStatus::TimedOut;
    case WorkflowStatus::Terminated: return TaskStatus::Canceled;
    default: return std::nullopt;
    }
}
} // namespace

Result<QString> EngineCore::idempotentStart(const StartWorkflowRequest &request, const WorkflowDef &def)
{
    QString existingId;
    std::optional<WorkflowStatus> storedStatus;
    if (auto known = m_idempotencyKeys.constFind(request.idempotencyKey); known != m_idempotencyKeys.constEnd()) {
        existingId = *known;
    } else {
        // Not used since load(): a workflow started before a restart keeps its key (an indexed,
        // blocking read; keys started since are answered from memory).
        auto stored = m_store->findByIdempotencyKey(request.idempotencyKey);
        if (!stored.ok())
            return stored.error();
        if (stored.value()) {
            existingId = stored.value()->workflowId;
            storedStatus = stored.value()->status;
            m_idempotencyKeys.insert(request.idempotencyKey, existingId);
        }
    }
    if (existingId.isEmpty())
        return QString();
    WorkflowRun *existing = runOf(existingId);
    // Active workflows are all in memory: one that is not has ended.
    const bool running = existing && !isTerminal(existing->wf.status);
    if (request.idempotencyStrategy == QLatin1String("RETURN_EXISTING"))
        return existingId;
    if (request.idempotencyStrategy == QLatin1String("FAIL_ON_RUNNING") && !running)
        return QString();
    return Error::conflict(QStringLiteral("A workflow with idempotencyKey '%1' exists already: %2 (%3); strategy %4 refuses another start of %5.")
                               .arg(request.idempotencyKey, existingId,
                                    existing ? toString(existing->wf.status)
                                             : storedStatus ? toString(*storedStatus) : QStringLiteral("ended"),
                                    request.idempotencyStrategy, def.name));
}

void EngineCore::forgetIdempotencyKey(const Workflow &removed)
{
    const QString &key = removed.idempotencyKey;
    if (!key.isEmpty() && m_idempotencyKeys.value(key, removed.workflowId) == removed.workflowId)
        m_idempotencyKeys.insert(key, QString());
}

void EngineCore::startSubWorkflow(const WorkflowRun &parent, const Task &task)
{
    if (m_childStarts.contains(task.taskId))
        return;
    m_childStarts.insert(task.taskId);
    const QString parentId = parent.wf.workflowId;
    const QString taskId = task.taskId;
    QMetaObject::invokeMethod(this, [this, parentId, taskId] { startChildNow(parentId, taskId); }, Qt::QueuedConnection);
}

void EngineCore::startChildNow(const QString &parentId, const QString &taskId)
{
    m_childStarts.remove(taskId);
    Task *t = nullptr;
    WorkflowRun *parent = runOfTask(taskId, &t);
    if (!parent || isTerminal(t->status) || isTerminal(parent->wf.status))
        return;
    const QString childId = QUuid::createUuidV5(kChildNamespace, taskId).toString(QUuid::WithoutBraces);
    if (WorkflowRun *child = runOf(childId)) {
        if (isTerminal(child->wf.status))
            childEnded(child->wf);
        return;
    }
    if (!t->subWorkflowId.isEmpty()) {
        // After a restart: the child ended (active children are in memory) — a rare blocking read.
        auto rec = m_store->loadWorkflow(childId);
        if (rec.ok() && rec.value()) {
            childEnded(rec.value()->workflow);
            return;
        }
    }
    const QJsonObject param = t->workflowTask.value(QStringLiteral("subWorkflowParam")).toObject();
    StartWorkflowRequest request;
    request.name = param.value(QStringLiteral("name")).toString();
    if (param.value(QStringLiteral("version")).isDouble())
        request.version = param.value(QStringLiteral("version")).toInt();
    QString problem;
    const QJsonValue inlineDef = param.value(QStringLiteral("workflowDefinition"));
    if (inlineDef.isObject()) {
        auto def = WorkflowDef::fromJson(inlineDef.toObject(), QStringLiteral("subWorkflowParam.workflowDefinition"));
        if (def.ok())
            request.workflowDef = def.value();
        else
            problem = def.error().message;
    }
    request.input = t->inputData;
    request.correlationId = parent->wf.correlationId;
    request.priority = param.value(QStringLiteral("priority")).isDouble() ? param.value(QStringLiteral("priority")).toInt()
                                                                          : parent->wf.priority;
    request.taskToDomain = param.value(QStringLiteral("taskToDomain")).isObject()
                               ? param.value(QStringLiteral("taskToDomain")).toObject()
                               : parent->wf.taskToDomain;
    request.projectId = parent->wf.projectId;
    Result<QString> started = problem.isEmpty() ? createRun(request, ChildOf{parentId, taskId, childId})
                                                : Result<QString>(Error::invalid(problem));
    if (!runOfTask(taskId, &t) || isTerminal(t->status))
        return;
    const qint64 now = m_clock->nowMs();
    t->updateTime = now;
    if (!started.ok()) {
        t->status = TaskStatus::FailedWithTerminalError;
        t->reasonForIncompletion = QStringLiteral("The sub-workflow could not be started: %1").arg(started.error().message).left(500);
        t->endTime = now;
        m_store->saveTask(*t);
        emitEvent(QStringLiteral("task_failed"), *t);
        Decision d;
        m_decider.decide(*parent, d);
        apply(*parent, d);
        return;
    }
    t->subWorkflowId = childId;
    t->outputData.insert(QStringLiteral("subWorkflowId"), childId);
    m_store->saveTask(*t);
    emitEvent(QStringLiteral("task_started"), *t);
}

void EngineCore::childEnded(const Workflow &child)
{
    Task *t = nullptr;
    WorkflowRun *parent = runOfTask(child.parentWorkflowTaskId, &t);
    if (!parent || isTerminal(t->status))
        return;
    const auto status = parentStatusFor(child.status);
    if (!status)
        return;
    const qint64 now = m_clock->nowMs();
    for (auto it = child.output.begin(); it != child.output.end(); ++it)
        t->outputData.insert(it.key(), it.value());
    t->outputData.insert(QStringLiteral("subWorkflowId"), child.workflowId);
    t->subWorkflowId = child.workflowId;
    t->status = *status;
    if (*status != TaskStatus::Completed)
        t->reasonForIncompletion = child.reasonForIncompletion.left(500);
    t->endTime = now;
    t->updateTime = now;
    m_store->saveTask(*t);
    emitEvent(*status == TaskStatus::Completed ? QStringLiteral("task_completed") : QStringLiteral("task_failed"), *t);
    Decision d;
    m_decider.decide(*parent, d);
    apply(*parent, d);
}

void EngineCore::terminateChildLater(const QString &childId, const QString &reason)
{
    QMetaObject::invokeMethod(this, [this, childId, reason] {
        WorkflowRun *child = runOf(childId);
        if (!child || isTerminal(child->wf.status))
            return;
        Decision d;
        m_decider.finish(*child, WorkflowStatus::Terminated, reason, d, false);
        apply(*child, d);
    }, Qt::QueuedConnection);
}

void EngineCore::afterWorkflowEnded(const WorkflowRun &run, bool byEngine)
{
    const Workflow wf = run.wf;
    if (!wf.parentWorkflowId.isEmpty())
        QMetaObject::invokeMethod(this, [this, wf] { childEnded(wf); }, Qt::QueuedConnection);
    const bool failed = wf.status == WorkflowStatus::Failed || wf.status == WorkflowStatus::TimedOut
                        || wf.status == WorkflowStatus::Terminated;
    if (byEngine && failed && wf.definition && !wf.definition->failureWorkflow.isEmpty()) {
        const QList<Task> tasks = run.taskList();
        QMetaObject::invokeMethod(this, [this, wf, tasks] { startFailureWorkflow(wf, tasks); }, Qt::QueuedConnection);
    }
}

void EngineCore::startFailureWorkflow(const Workflow &failed, const QList<Task> &tasks)
{
    const WorkflowDef &def = *failed.definition;
    StartWorkflowRequest request;
    request.name = ParameterResolver::resolve(def.failureWorkflow,
                                              QJsonObject{{QStringLiteral("workflow"), QJsonObject{{QStringLiteral("input"), failed.input}}}})
                       .toString();
    request.version = def.failureWorkflowVersion;
    request.input = failed.input;
    request.input.insert(QStringLiteral("workflowId"), failed.workflowId);
    request.input.insert(QStringLiteral("reason"), failed.reasonForIncompletion);
    request.input.insert(QStringLiteral("failureStatus"), toString(failed.status));
    for (const Task &t : tasks) {
        if (isTerminal(t.status) && !isSuccessful(t.status) && !t.retried) {
            request.input.insert(QStringLiteral("failureTaskId"), t.taskId);
            break;
        }
    }
    request.input.insert(QStringLiteral("failedWorkflow"), failed.toJson(tasks, false));
    request.correlationId = failed.correlationId;
    request.projectId = failed.projectId;
    auto started = createRun(request, ChildOf());
    if (!started.ok())
        qCWarning(lcSystemTasks).noquote() << "failureWorkflow" << request.name << "of workflow" << failed.workflowId
                                           << "could not be started:" << started.error().message;
}

void EngineCore::wakeAt(const QString &, const QString &taskId, qint64 atMs)
{
    m_wakeUps.arm(taskId, atMs);
    armTimer();
}

void EngineCore::wakeTask(const QString &taskId)
{
    Task *t = nullptr;
    WorkflowRun *run = runOfTask(taskId, &t);
    if (!run || t->status != TaskStatus::InProgress || t->taskType != QLatin1String("WAIT"))
        return;
    const qint64 now = m_clock->nowMs();
    t->status = TaskStatus::Completed;
    t->endTime = now;
    t->updateTime = now;
    m_store->saveTask(*t);
    emitEvent(QStringLiteral("task_completed"), *t);
    Decision d;
    m_decider.decide(*run, d);
    apply(*run, d);
}

void EngineCore::publishEvent(const WorkflowRun &run, const Task &task, const QString &sink, const QJsonObject &payload)
{
    QJsonObject event{{QStringLiteral("sink"), sink},
                      {QStringLiteral("workflowId"), run.wf.workflowId},
                      {QStringLiteral("workflowType"), run.wf.workflowName},
                      {QStringLiteral("taskId"), task.taskId},
                      {QStringLiteral("referenceTaskName"), task.referenceTaskName},
                      {QStringLiteral("payload"), payload}};
    if (!run.wf.correlationId.isEmpty())
        event.insert(QStringLiteral("correlationId"), run.wf.correlationId);
    Q_EMIT engineEvent(EngineEvent{QStringLiteral("workflow_event"), run.wf.projectId, m_clock->nowMs(), event});
}

void EngineCore::armWorkflowTimeout(const WorkflowRun &run)
{
    const WorkflowDef *def = run.wf.definition.get();
    if (!def || def->timeoutSeconds <= 0 || isTerminal(run.wf.status))
        return;
    const qint64 from = run.wf.lastRetriedTime > 0 ? run.wf.lastRetriedTime : run.wf.createTime;
    m_workflowTimeouts.arm(run.wf.workflowId, from + def->timeoutSeconds * 1000);
    armTimer();
}

void EngineCore::expireWorkflow(const QString &workflowId)
{
    WorkflowRun *run = runOf(workflowId);
    if (!run || isTerminal(run->wf.status) || !run->wf.definition)
        return;
    const WorkflowDef &def = *run->wf.definition;
    const QString reason = QStringLiteral("Workflow timed out after %1 seconds. Timeout configured as %2 seconds. "
                                          "Timeout policy configured to %3")
                               .arg((m_clock->nowMs() - (run->wf.lastRetriedTime > 0 ? run->wf.lastRetriedTime : run->wf.createTime)) / 1000)
                               .arg(def.timeoutSeconds)
                               .arg(def.timeoutPolicy);
    if (def.timeoutPolicy != QLatin1String("TIME_OUT_WF")) {
        qCWarning(lcSystemTasks).noquote() << "workflow" << workflowId << reason;
        return; // ALERT_ONLY
    }
    Decision d;
    m_decider.finish(*run, WorkflowStatus::TimedOut, reason, d, true);
    apply(*run, d);
}

} // namespace orrery
