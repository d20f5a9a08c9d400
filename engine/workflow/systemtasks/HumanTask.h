#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// HUMAN: IN_PROGRESS until completed through the task API or /signal (a person's decision).
class HumanTask : public SystemTask
{
public:
    void start(const SystemTaskCall &call) const override { call.inProgress(); }
};

} // namespace orrery
