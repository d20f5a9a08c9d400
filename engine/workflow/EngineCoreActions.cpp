#include "EngineCore.h"

#include "store/Store.h"

// EngineCore's operator actions on executions (replay, terminate, pause, resume, restart,
// rerun, remove): rare, operator-driven, kept apart from the hot path in EngineCore.cpp.

namespace orrery {

void EngineCore::replayTask(const QString &workflowId, const QString &referenceTaskName, Reply<QString> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok()) {
        reply(loaded.error());
        return;
    }
    WorkflowRun *run = loaded.value();
    const Task *last = run->latest(referenceTaskName);
    if (!last) {
        reply(Error::notFound(QStringLiteral("Workflow %1 has no task with reference name %2").arg(workflowId, referenceTaskName)));
        return;
    }
    if (!isTerminal(last->status) || isSuccessful(last->status)) {
        reply(Error::conflict(QStringLiteral("Task %1 (%2) is %3; only a failed task can be replayed.")
                                  .arg(last->taskId, referenceTaskName, toString(last->status))));
        return;
    }
    if (!run->wf.definition) {
        reply(Error::conflict(QStringLiteral("The definition of workflow %1 (%2 v%3) is gone; it cannot be replayed.")
                                  .arg(workflowId, run->wf.workflowName).arg(run->wf.workflowVersion)));
        return;
    }
    Decision d;
    const int index = m_decider.reschedule(*run, referenceTaskName, d);
    if (index < 0) {
        reply(Error::conflict(QStringLiteral("Task %1 of workflow %2 cannot be replayed.").arg(referenceTaskName, workflowId)));
        return;
    }
    const QString newId = run->tasks[size_t(index)].taskId;
    emitWorkflowEvent(QStringLiteral("workflow_resumed"), run->wf);
    apply(*run, d);
    answerAfterCommit(std::move(reply), newId);
}

Result<WorkflowRun *> EngineCore::loadedRun(const QString &workflowId)
{
    if (WorkflowRun *run = runOf(workflowId))
        return run;
    // Finished long ago and evicted: bring it back from the store (a rare, operator-driven read).
    auto rec = m_store->loadWorkflow(workflowId);
    if (!rec.ok())
        return rec.error();
    if (!rec.value())
        return Error::notFound(QStringLiteral("No such workflow found by id: %1").arg(workflowId));
    auto loaded = std::make_unique<WorkflowRun>();
    loaded->wf = rec.value()->workflow;
    if (!loaded->wf.definition)
        loaded->wf.definition = m_metadata.registry().workflowDef(loaded->wf.workflowName, loaded->wf.workflowVersion);
    for (Task &t : rec.value()->tasks) {
        t.executed = true;
        m_taskToWorkflow.insert(t.taskId, workflowId);
        loaded->byTaskId.insert(t.taskId, int(loaded->tasks.size()));
        loaded->tasks.push_back(std::move(t));
    }
    WorkflowRun *run = loaded.get();
    m_runs.emplace(workflowId, std::move(loaded));
    if (isTerminal(run->wf.status)) {
        run->terminalSinceMs = m_clock->nowMs();
        m_terminal.emplace_back(run->terminalSinceMs, workflowId);
        armTimer();
    }
    return run;
}

void EngineCore::dropFromMemory(const QString &workflowId)
{
    WorkflowRun *run = runOf(workflowId);
    if (!run)
        return;
    for (const Task &t : run->tasks) {
        m_taskToWorkflow.remove(t.taskId);
        m_queues.remove(t.taskId);
        if (m_leases.isArmed(t.taskId))
            leftInProgress(t);
        m_leases.disarm(t.taskId);
        m_attemptTimeouts.disarm(t.taskId);
        m_deferredPersist.disarm(t.taskId);
    }
    m_runs.erase(workflowId);
}

void EngineCore::terminateWorkflow(const QString &workflowId, const QString &reason, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    if (run.wf.status == WorkflowStatus::Completed)
        return reply(Error::conflict(QStringLiteral("Cannot terminate a COMPLETED workflow.")));
    if (run.wf.status == WorkflowStatus::Terminated)
        return reply(Result<void>());
    Decision d;
    m_decider.finish(run, WorkflowStatus::Terminated, reason.isEmpty() ? QStringLiteral("Terminated by an operator") : reason, d);
    apply(run, d);
    m_store->whenCommitted(std::move(reply));
}

void EngineCore::pauseWorkflow(const QString &workflowId, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    if (isTerminal(run.wf.status))
        return reply(Error::conflict(QStringLiteral("Cannot pause a %1 workflow.").arg(toString(run.wf.status))));
    if (run.wf.status == WorkflowStatus::Paused)
        return reply(Result<void>());
    run.wf.status = WorkflowStatus::Paused;
    run.wf.updateTime = m_clock->nowMs();
    m_store->saveWorkflow(run.wf);
    emitWorkflowEvent(QStringLiteral("workflow_paused"), run.wf);
    m_store->whenCommitted(std::move(reply));
}

void EngineCore::resumeWorkflow(const QString &workflowId, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    if (run.wf.status != WorkflowStatus::Paused)
        return reply(Error::conflict(QStringLiteral("The workflow %1 is %2, not PAUSED; only a paused workflow can be resumed.")
                                         .arg(workflowId, toString(run.wf.status))));
    run.wf.status = WorkflowStatus::Running;
    run.wf.lastRetriedTime = m_clock->nowMs();
    Decision d;
    d.workflowChanged = true;
    m_decider.decide(run, d);
    emitWorkflowEvent(QStringLiteral("workflow_resumed"), run.wf);
    apply(run, d);
    m_store->whenCommitted(std::move(reply));
}

void EngineCore::restartWorkflow(const QString &workflowId, Reply<void> reply)
{
    rerunWorkflow(workflowId, RerunRequest(), [reply = std::move(reply)](Result<QString> r) {
        reply(r.ok() ? Result<void>() : Result<void>(r.error()));
    });
}

WorkflowRun &EngineCore::reopenRun(Workflow wf, std::vector<Task> kept, Decision &d)
{
    const QString workflowId = wf.workflowId;
    // The store drops the workflow with its tasks and logs: the kept attempts and their logs are
    // written again in the same batch (a rare, operator-driven read of the logs).
    QList<TaskLog> logs;
    for (const Task &t : kept) {
        auto l = m_store->loadTaskLogs(t.taskId);
        if (l.ok())
            logs += l.value();
    }
    dropFromMemory(workflowId);
    m_store->removeWorkflow(workflowId);
    wf.status = WorkflowStatus::Running;
    wf.output = QJsonObject();
    wf.reasonForIncompletion.clear();
    wf.failedReferenceTaskNames.clear();
    wf.failedTaskNames.clear();
    wf.endTime = 0;
    wf.lastRetriedTime = m_clock->nowMs();
    wf.updateTime = wf.lastRetriedTime;
    auto run = std::make_unique<WorkflowRun>();
    run->wf = std::move(wf);
    for (Task &t : kept) {
        t.executed = true;
        m_taskToWorkflow.insert(t.taskId, workflowId);
        d.changed.append(int(run->tasks.size()));
        run->byTaskId.insert(t.taskId, int(run->tasks.size()));
        run->tasks.push_back(std::move(t));
    }
    if (!logs.isEmpty())
        m_store->appendTaskLogs(logs);
    d.workflowChanged = true;
    WorkflowRun &ref = *run;
    m_runs.emplace(workflowId, std::move(run));
    return ref;
}

void EngineCore::rerunWorkflow(const QString &workflowId, const RerunRequest &request, Reply<QString> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &old = *loaded.value();
    if (!isTerminal(old.wf.status))
        return reply(Error::conflict(QStringLiteral("The workflow %1 is %2; only an ended workflow can be restarted or rerun.")
                                         .arg(workflowId, toString(old.wf.status))));
    if (!old.wf.definition)
        return reply(Error::conflict(QStringLiteral("The definition of workflow %1 is gone; it cannot be run again.").arg(workflowId)));
    Workflow wf = old.wf;
    if (request.workflowInput)
        wf.input = *request.workflowInput;
    if (request.correlationId)
        wf.correlationId = *request.correlationId;
    Decision d;
    if (request.fromTaskId.isEmpty()) {
        // Restart / whole rerun: same id, every task dropped, the definition runs from the start.
        WorkflowRun &run = reopenRun(std::move(wf), {}, d);
        m_decider.start(run, d);
        emitWorkflowEvent(QStringLiteral("workflow_started"), run.wf);
        apply(run, d);
    } else {
        const int index = old.byTaskId.value(request.fromTaskId, -1);
        if (index < 0)
            return reply(Error::invalid(QStringLiteral("Task %1 not found in workflow %2.").arg(request.fromTaskId, workflowId)));
        const QString ref = old.tasks[size_t(index)].referenceTaskName;
        // That task and every attempt before it stay; everything scheduled after it is dropped.
        std::vector<Task> kept(old.tasks.begin(), old.tasks.begin() + index + 1);
        WorkflowRun &run = reopenRun(std::move(wf), std::move(kept), d);
        const int newIndex = m_decider.reschedule(run, ref, d);
        if (newIndex < 0) {
            apply(run, d);
            return reply(Error::conflict(QStringLiteral("Task %1 (%2) is not in the workflow's definition any more; it cannot be rerun.")
                                             .arg(request.fromTaskId, ref)));
        }
        if (request.taskInput)
            run.tasks[size_t(newIndex)].inputData = *request.taskInput;
        emitWorkflowEvent(QStringLiteral("workflow_resumed"), run.wf);
        apply(run, d);
    }
    answerAfterCommit(std::move(reply), workflowId);
}

void EngineCore::removeWorkflow(const QString &workflowId, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    forgetIdempotencyKey(loaded.value()->wf);
    dropFromMemory(workflowId);
    m_store->removeWorkflow(workflowId);
    m_store->whenCommitted(std::move(reply));
}

} // namespace orrery
