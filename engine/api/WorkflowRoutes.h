#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// Conductor's workflow execution routes (spec §4) that the engine supports:
//   POST /api/workflow/{name}, POST /api/workflow        start (operator)
//   GET  /api/workflow/{workflowId}[?includeTasks]       Workflow (viewer)
//   GET  /api/workflow/{workflowId}/status               {workflowId, correlationId, status, output?, variables?}
//   POST /api/workflow/{workflowId}/retry                re-runs the failed tasks of a finished workflow (operator)
// Tokens with project scopes may only start and see workflows of their projects.
class WorkflowRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
};

} // namespace orrery
