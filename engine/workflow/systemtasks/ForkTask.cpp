#include "ForkTask.h"

#include "workflow/Decider.h"

namespace orrery {

void ForkTask::scheduleNext(const SystemTaskCall &call) const
{
    for (const std::vector<WorkflowTask> &branch : call.node.forkTasks)
        if (!branch.empty())
            call.decider.scheduleChild(call.run, call.index, branch.front(), call.out);
    call.decider.scheduleAfter(call.run, call.index, call.out);
}

} // namespace orrery
