#include "EngineCore.h"

#include "store/Store.h"

// EngineCore's operator actions on executions (replay, terminate, pause, resume, restart,
// remove): rare, operator-driven, kept apart from the hot path in EngineCore.cpp.

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
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &old = *loaded.value();
    if (!isTerminal(old.wf.status))
        return reply(Error::conflict(QStringLiteral("The workflow %1 is %2; only an ended workflow can be restarted.")
                                         .arg(workflowId, toString(old.wf.status))));
    if (!old.wf.definition)
        return reply(Error::conflict(QStringLiteral("The definition of workflow %1 is gone; it cannot be restarted.").arg(workflowId)));
    // Same id, same input, all tasks dropped (spec §4 restart).
    Workflow wf = old.wf;
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
    WorkflowRun &ref = *run;
    m_runs.emplace(workflowId, std::move(run));
    Decision d;
    m_decider.start(ref, d);
    d.workflowChanged = true;
    emitWorkflowEvent(QStringLiteral("workflow_started"), ref.wf);
    apply(ref, d);
    m_store->whenCommitted(std::move(reply));
}

void EngineCore::removeWorkflow(const QString &workflowId, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    dropFromMemory(workflowId);
    m_store->removeWorkflow(workflowId);
    m_store->whenCommitted(std::move(reply));
}

} // namespace orrery
