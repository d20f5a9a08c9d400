#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// FORK_JOIN_DYNAMIC (spec §5.3): the branches come from the input at run time. Either
// `dynamicForkTasksParam` names an input holding a list of WorkflowTask objects and
// `dynamicForkTasksInputParamName` an input mapping each ref to its input, or the inputs
// `forkTaskName` + `forkTaskInputs` (a list) fork one SIMPLE task per input (refs
// `<forkTaskName>_<i>`). The forked tasks are recorded in the fork task's input
// (`forkedTasks`, `forkedTaskDefs`) and the JOIN after it waits for all of them.
// A malformed list fails the fork terminally, with the path of what is wrong.
class DynamicForkTask : public SystemTask
{
public:
    bool retriable() const override { return false; }
    void start(const SystemTaskCall &call) const override;
    void scheduleNext(const SystemTaskCall &call) const override;
};

} // namespace orrery
