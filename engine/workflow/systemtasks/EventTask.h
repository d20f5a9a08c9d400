#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// EVENT (spec §8.11): publishes the task's input on the engine's event bus (catalogue name
// `workflow_event`, delivered by the hub to the task's project room) with its `sink`, and
// completes with {event_produced, sink, workflowInstanceId, workflowType, workflowVersion,
// correlationId}; with asyncComplete it stays IN_PROGRESS until updated.
class EventTask : public SystemTask
{
public:
    void start(const SystemTaskCall &call) const override;
};

} // namespace orrery
