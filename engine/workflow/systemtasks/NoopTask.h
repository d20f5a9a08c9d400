#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// NOOP (Conductor's Noop): does nothing and completes at once, with an empty output.
class NoopTask : public SystemTask
{
public:
    void start(const SystemTaskCall &call) const override { call.complete({}); }
};

} // namespace orrery
