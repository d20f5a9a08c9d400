#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// SUB_WORKFLOW (spec §8.11): IN_PROGRESS while the child runs; the engine starts the child
// (subWorkflowParam name+version, version null = latest, or an inline workflowDefinition) with
// the task's input, and ends the task when the child ends: COMPLETED with the child's output,
// FAILED, TIMED_OUT, or CANCELED for a TERMINATED child. Canceling the task terminates the child.
class SubWorkflowTask : public SystemTask
{
public:
    void start(const SystemTaskCall &call) const override;
    bool evaluate(const SystemTaskCall &call) const override;
    void recover(const SystemTaskCall &call) const override;
};

} // namespace orrery
