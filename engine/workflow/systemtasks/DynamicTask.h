#pragma once

#include "core/Result.h"
#include "core/WorkflowDef.h"
#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

class MetadataRegistry;

// DYNAMIC (Conductor's DynamicTaskMapper): the input named by `dynamicTaskNameParam` holds the
// name of the task to run. Before scheduling, the decider maps the node (Decider::scheduleTask):
// the task is scheduled as that name — a worker task with the registered TaskDef of the name, or
// the system task of that type when the name is one (HTTP, WAIT, ...). The workflow FAILS when
// the input is missing or empty, or names neither a TaskDef nor a system type (Conductor's
// reasons). The mapped node is kept in WorkflowRun::dynamicNodes under the task's ref.
// The class itself only stands for a node not mapped yet: queued, so that after a restart (the
// store gives a task back its definition node, the DYNAMIC one) a mapped worker task goes back
// to its queue; Decider::recover then maps the node again from the task's taskDefName.
class DynamicTask : public SystemTask
{
public:
    bool queued() const override { return true; }
    void start(const SystemTaskCall &) const override {}

    // The node to schedule for `node` whose input resolved to `input`, or the reason the
    // workflow fails.
    static Result<WorkflowTask> map(const WorkflowTask &node, const QJsonObject &input, const MetadataRegistry &metadata);
    // `node` run as the task named `taskName` (no checks).
    static WorkflowTask mapped(const WorkflowTask &node, const QString &taskName);
    // Types a DYNAMIC task cannot become: they need children the DYNAMIC node does not have.
    static bool isControlFlow(const QString &type);
};

} // namespace orrery
