#pragma once

#include <QJsonObject>
#include <QString>

namespace orrery {

struct Task;
struct WorkflowRun;

// What system tasks need from the engine beyond the decider: child and started workflows, timers and the
// event bus. EngineCore implements it; unit tests use a recording fake. Calls are made during a
// decision and take effect after it is applied (no re-entrant decisions).
class SystemTaskHost
{
public:
    virtual ~SystemTaskHost() = default;
    // Start (or, after a crash, find again) the child workflow of a SUB_WORKFLOW task.
    virtual void startSubWorkflow(const WorkflowRun &parent, const Task &task) = 0;
    // START_WORKFLOW: start the workflow of the task's input.startWorkflow (not a child) and end
    // the task; `afterRestart`: it may have been started before a crash (look it up first).
    virtual void startWorkflowFor(const WorkflowRun &run, const Task &task, bool afterRestart) = 0;
    // Wake the task at `atMs` (WAIT with duration/until): the engine completes it then.
    virtual void wakeAt(const QString &workflowId, const QString &taskId, qint64 atMs) = 0;
    // EVENT: publish on the engine's event bus (the hub delivers it as `workflow_event`).
    virtual void publishEvent(const WorkflowRun &run, const Task &task, const QString &sink, const QJsonObject &payload) = 0;
};

} // namespace orrery
