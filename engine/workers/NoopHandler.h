#pragma once

#include "workers/TaskHandler.h"

namespace orrery {

// Built-in "noop": completes synchronously with its input as output. Used by benchmarks, so it
// does nothing else.
class NoopHandler final : public TaskHandler
{
public:
    void start(const TaskAssignment &task, Done done) override;
};

} // namespace orrery
