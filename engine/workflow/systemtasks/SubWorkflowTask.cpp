#include "SubWorkflowTask.h"

#include "workflow/Decider.h"
#include "workflow/systemtasks/SystemTaskHost.h"

namespace orrery {

void SubWorkflowTask::start(const SystemTaskCall &call) const
{
    call.inProgress();
    if (SystemTaskHost *host = call.decider.host())
        host->startSubWorkflow(call.run, call.task());
}

bool SubWorkflowTask::evaluate(const SystemTaskCall &) const { return false; }

void SubWorkflowTask::recover(const SystemTaskCall &call) const
{
    // Either the child was never started (crash in between) or it must be found again.
    if (SystemTaskHost *host = call.decider.host())
        host->startSubWorkflow(call.run, call.task());
}

} // namespace orrery
