#include "EngineCore.h"

#include "store/Store.h"

#include <algorithm>

// EngineCore's manual retry of an ended workflow (spec §4): every ref whose latest attempt failed
// runs again; with resumeSubworkflowTasks the retry walks into the failed sub-workflow instead of
// starting a new child, as Conductor's WorkflowExecutor.retry does.

namespace orrery {

namespace {

constexpr int kMaxRetryDepth = 32;

bool retryable(TaskStatus s)
{
    return s == TaskStatus::Failed || s == TaskStatus::FailedWithTerminalError || s == TaskStatus::TimedOut
        || s == TaskStatus::Canceled;
}

// Indexes of the latest attempt of every ref, in the order those attempts were scheduled.
QList<int> latestAttempts(const WorkflowRun &run)
{
    QHash<QString, int> latest;
    for (int i = 0; i < int(run.tasks.size()); ++i)
        latest.insert(run.tasks[size_t(i)].referenceTaskName, i);
    QList<int> order = latest.values();
    std::sort(order.begin(), order.end());
    return order;
}

QStringList retryableRefs(const WorkflowRun &run)
{
    QStringList refs;
    for (int i : latestAttempts(run))
        if (retryable(run.tasks[size_t(i)].status))
            refs.append(run.tasks[size_t(i)].referenceTaskName);
    return refs;
}

// The task a resume looks into: as Conductor, the first unsuccessful one in schedule order, but
// among latest attempts only (an earlier attempt's child was replaced), and a failure before a
// CANCELED one (tasks canceled because the workflow failed, e.g. a JOIN, are not its cause).
const Task *failureToResume(const WorkflowRun &run)
{
    const Task *canceled = nullptr;
    for (int i : latestAttempts(run)) {
        const Task &t = run.tasks[size_t(i)];
        if (t.status == TaskStatus::Canceled && !canceled)
            canceled = &t;
        else if (retryable(t.status) && t.status != TaskStatus::Canceled)
            return &t;
    }
    return canceled;
}

Error noRetryableTasks(const Workflow &wf)
{
    return Error::conflict(QStringLiteral("There are no retryable tasks! Workflow %1 is %2 and no task reference "
                                          "ended FAILED, FAILED_WITH_TERMINAL_ERROR, TIMED_OUT or CANCELED.")
                               .arg(wf.workflowId, toString(wf.status)));
}

Error notInDefinition(const QString &ref, const QString &workflowId)
{
    return Error::conflict(QStringLiteral("Task %1 of workflow %2 is not in its definition any more; the "
                                          "workflow cannot be retried.")
                               .arg(ref, workflowId));
}

} // namespace

void EngineCore::retryWorkflow(const QString &workflowId, Reply<void> reply)
{
    retryWorkflow(workflowId, false, std::move(reply));
}

void EngineCore::retryWorkflow(const QString &workflowId, bool resumeSubworkflowTasks, Reply<void> reply)
{
    auto loaded = loadedRun(workflowId);
    if (!loaded.ok())
        return reply(loaded.error());
    WorkflowRun &run = *loaded.value();
    if (!isTerminal(run.wf.status))
        return reply(Error::conflict(QStringLiteral("Workflow is still running.  status=%1; only a finished workflow can be "
                                                    "retried.")
                                         .arg(toString(run.wf.status))));
    if (!run.wf.definition)
        return reply(Error::conflict(QStringLiteral("The definition of workflow %1 (%2 v%3) is gone; it cannot be retried.")
                                         .arg(workflowId, run.wf.workflowName)
                                         .arg(run.wf.workflowVersion)));
    if (resumeSubworkflowTasks) {
        auto chain = resumeChain(run);
        if (!chain.ok())
            return reply(chain.error());
        if (chain.value().size() > 1) {
            if (auto resumed = resumeThrough(chain.value()); !resumed.ok())
                return reply(resumed.error());
            return m_store->whenCommitted(std::move(reply));
        }
    }
    const QStringList refs = retryableRefs(run);
    if (refs.isEmpty())
        return reply(noRetryableTasks(run.wf));
    Decision d;
    for (const QString &ref : refs)
        if (m_decider.reschedule(run, ref, d) < 0)
            return reply(notInDefinition(ref, workflowId));
    emitWorkflowEvent(QStringLiteral("workflow_resumed"), run.wf);
    apply(run, d);
    m_store->whenCommitted(std::move(reply));
}

Result<std::vector<WorkflowRun *>> EngineCore::resumeChain(WorkflowRun &run)
{
    std::vector<WorkflowRun *> chain{&run};
    // Down: while the failed task is a SUB_WORKFLOW whose child ended with a failed task.
    while (int(chain.size()) < kMaxRetryDepth) {
        const Task *failed = failureToResume(*chain.back());
        if (!failed || failed->taskType != QLatin1String("SUB_WORKFLOW") || failed->subWorkflowId.isEmpty())
            break;
        const QString parentTaskId = failed->taskId;
        auto child = loadedRun(failed->subWorkflowId);
        if (!child.ok()) {
            if (child.error().kind == Error::Kind::NotFound)
                break; // removed: the SUB_WORKFLOW task is retried with a new child
            return child.error();
        }
        WorkflowRun *c = child.value();
        if (!isTerminal(c->wf.status) || !c->wf.definition || c->wf.parentWorkflowTaskId != parentTaskId || !failureToResume(*c))
            break;
        chain.push_back(c);
    }
    // Up: a retried child also resumes the SUB_WORKFLOW task waiting for it, as long as that task
    // is the latest attempt of its ref and its workflow ended on it.
    while (int(chain.size()) < kMaxRetryDepth && !chain.front()->wf.parentWorkflowId.isEmpty()) {
        const Workflow &child = chain.front()->wf;
        auto parent = loadedRun(child.parentWorkflowId);
        if (!parent.ok()) {
            if (parent.error().kind == Error::Kind::NotFound)
                break;
            return parent.error();
        }
        WorkflowRun *p = parent.value();
        const Task *t = p->find(child.parentWorkflowTaskId);
        if (!t || !isTerminal(p->wf.status) || !p->wf.definition || !retryable(t->status)
            || p->latest(t->referenceTaskName) != t)
            break;
        chain.insert(chain.begin(), p);
    }
    return chain;
}

Result<void> EngineCore::resumeThrough(const std::vector<WorkflowRun *> &chain)
{
    // Everything is checked before anything changes.
    WorkflowRun &inner = *chain.back();
    const QStringList innerRefs = retryableRefs(inner);
    if (innerRefs.isEmpty())
        return noRetryableTasks(inner.wf);
    for (const QString &ref : innerRefs)
        if (!m_decider.nodeOf(inner, ref))
            return notInDefinition(ref, inner.wf.workflowId);
    for (size_t i = 0; i + 1 < chain.size(); ++i) {
        const WorkflowRun &ancestor = *chain[i];
        const QString pathTaskId = chain[i + 1]->wf.parentWorkflowTaskId;
        for (const QString &ref : retryableRefs(ancestor))
            if (ancestor.latest(ref)->taskId != pathTaskId && !m_decider.nodeOf(ancestor, ref))
                return notInDefinition(ref, ancestor.wf.workflowId);
    }

    // The innermost workflow: a plain retry (its failed tasks run again).
    Decision innerDecision;
    for (const QString &ref : innerRefs)
        m_decider.reschedule(inner, ref, innerDecision);
    emitWorkflowEvent(QStringLiteral("workflow_resumed"), inner.wf);
    apply(inner, innerDecision);

    // Each ancestor, innermost first: its SUB_WORKFLOW task waits again for the same child (its
    // id derives from the task id, so the child's end finds it), and its other failed tasks run
    // again as in a plain retry (a JOIN canceled by the failure must be back to join the branch).
    const qint64 now = m_clock->nowMs();
    QString path = inner.wf.workflowId;
    for (size_t i = chain.size() - 1; i-- > 0;) {
        WorkflowRun &ancestor = *chain[i];
        const WorkflowRun &child = *chain[i + 1];
        const int index = ancestor.byTaskId.value(child.wf.parentWorkflowTaskId, -1);
        if (index < 0)
            break; // checked by resumeChain
        Decision d;
        Workflow &wf = ancestor.wf;
        Task &t = ancestor.tasks[size_t(index)];
        const QString pathRef = t.referenceTaskName;
        const QString taskId = t.taskId;
        m_decider.reopen(ancestor, pathRef, d);
        Decider::forgetFailure(wf, pathRef); // also when it had been reopened already
        t.status = TaskStatus::InProgress;
        t.reasonForIncompletion.clear();
        t.endTime = 0;
        t.updateTime = now;
        t.executed = false; // the decider handles its end again
        t.subWorkflowId = child.wf.workflowId;
        t.outputData = QJsonObject{{QStringLiteral("subWorkflowId"), child.wf.workflowId}};
        d.changed.append(index);
        for (const QString &ref : retryableRefs(ancestor)) {
            if (ref == pathRef)
                continue;
            Decider::forgetFailure(wf, ref);
            m_decider.reschedule(ancestor, ref, d);
        }
        emitWorkflowEvent(QStringLiteral("workflow_resumed"), wf);
        emitEvent(QStringLiteral("task_started"), *ancestor.find(taskId)); // reschedule may move tasks
        m_store->appendTaskLogs({TaskLog{taskId, QStringLiteral("Sub workflow %1 retried.").arg(path), now}});
        apply(ancestor, d);
        path = wf.workflowId + QStringLiteral(" -> ") + path;
    }
    return {};
}

} // namespace orrery
