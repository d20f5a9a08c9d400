#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// TERMINATE (spec §8.11): ends the workflow at once with `terminationStatus` (COMPLETED, FAILED
// or TERMINATED); other running tasks are canceled; `workflowOutput` becomes the workflow output
// (a non-object wrapped as {output: v}); the reason is `terminationReason` or "Workflow is
// <STATUS> by TERMINATE task: <taskId>". An invalid status fails the task itself.
class TerminateTask : public SystemTask
{
public:
    void start(const SystemTaskCall &call) const override;
};

} // namespace orrery
