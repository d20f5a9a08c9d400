#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// SWITCH (`value-param`, `javascript`/`graaljs`) and its deprecated form DECISION
// (`caseValueParam` / `caseExpression`), spec §8.11: evaluates the case, completes at once with
// {evaluationResult:[v], selectedCase:v}, then runs the selected branch (or `defaultCase`);
// after the branch the task after the SWITCH runs. An evaluation error fails it (never retried).
class SwitchTask : public SystemTask
{
public:
    bool retriable() const override { return false; }
    void start(const SystemTaskCall &call) const override;
    void scheduleNext(const SystemTaskCall &call) const override;
};

} // namespace orrery
