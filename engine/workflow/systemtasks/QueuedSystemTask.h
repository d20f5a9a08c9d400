#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// HTTP, INLINE and JSON_JQ_TRANSFORM: system tasks that Conductor runs on its system-task
// workers. Here they wait in the queue of their type like worker tasks and Orrery's local
// handlers of the same names run them (engine/workers: ConductorHttpHandler, InlineHandler,
// JqTransformHandler), so scripts and calls run on worker threads, never on the engine thread.
// Their TaskDef (if any) decides retries; without one they are not retried (spec §3).
class QueuedSystemTask : public SystemTask
{
public:
    bool queued() const override { return true; }
    void start(const SystemTaskCall &) const override {}
};

} // namespace orrery
