#pragma once

namespace orrery {

class ApiRouter;
class Engine;

// Conductor's workflow API (spec §4), the part this release serves: start by name, start with
// a StartWorkflowRequest (both answer the workflowId as text/plain), and read an execution.
class WorkflowRoutes
{
public:
    static void registerRoutes(ApiRouter &router, Engine *engine);
};

} // namespace orrery
