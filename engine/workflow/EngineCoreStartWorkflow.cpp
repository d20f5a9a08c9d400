#include "EngineCore.h"

#include "store/Store.h"
#include "workflow/systemtasks/StartWorkflowTask.h"

#include <QUuid>

// EngineCore as the host of START_WORKFLOW: the workflow of the task's input is started like an
// API start (not as a child) once the current decision is applied, then the task ends.

namespace orrery {

namespace {
// Namespace of the ids of workflows started by START_WORKFLOW: uuid5(task id), so a restart finds
// the workflow again instead of starting it twice.
const QUuid kStartedNamespace(0x2b9c4f17, 0x8a3e, 0x4d52, 0xb1, 0x6f, 0x3c, 0x90, 0x7a, 0x1e, 0x55, 0xd4);
} // namespace

void EngineCore::startWorkflowFor(const WorkflowRun &, const Task &task, bool afterRestart)
{
    if (m_childStarts.contains(task.taskId))
        return;
    m_childStarts.insert(task.taskId);
    const QString taskId = task.taskId;
    QMetaObject::invokeMethod(this, [this, taskId, afterRestart] { startTriggeredNow(taskId, afterRestart); },
                              Qt::QueuedConnection);
}

void EngineCore::startTriggeredNow(const QString &taskId, bool afterRestart)
{
    m_childStarts.remove(taskId);
    Task *t = nullptr;
    WorkflowRun *run = runOfTask(taskId, &t);
    if (!run || isTerminal(t->status) || isTerminal(run->wf.status))
        return;
    const QString startedId = QUuid::createUuidV5(kStartedNamespace, taskId).toString(QUuid::WithoutBraces);
    bool exists = runOf(startedId) != nullptr;
    if (!exists && afterRestart) {
        // Started before the crash and ended since (active workflows are in memory): a rare blocking read.
        auto rec = m_store->loadWorkflow(startedId);
        exists = rec.ok() && rec.value();
    }
    Result<QString> started = startedId;
    if (!exists) {
        auto request = StartWorkflowTask::request(t->inputData);
        if (request.ok()) {
            StartWorkflowRequest &r = request.value();
            if (r.correlationId.isEmpty())
                r.correlationId = run->wf.correlationId;
            if (r.taskToDomain.isEmpty())
                r.taskToDomain = run->wf.taskToDomain;
            if (r.projectId.isEmpty())
                r.projectId = run->wf.projectId;
            started = createRun(r, ChildOf{QString(), QString(), startedId});
        } else {
            started = request.error();
        }
    }
    run = runOfTask(taskId, &t);
    if (!run || isTerminal(t->status))
        return;
    const qint64 now = m_clock->nowMs();
    t->updateTime = now;
    t->endTime = now;
    if (started.ok()) {
        t->status = TaskStatus::Completed;
        t->outputData.insert(QStringLiteral("workflowId"), started.value());
    } else {
        t->status = TaskStatus::Failed;
        t->reasonForIncompletion = started.error().message.left(500);
    }
    m_store->saveTask(*t);
    emitEvent(started.ok() ? QStringLiteral("task_completed") : QStringLiteral("task_failed"), *t);
    Decision d;
    m_decider.decide(*run, d);
    apply(*run, d);
}

} // namespace orrery
