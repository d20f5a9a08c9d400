#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// Workflow lists from the store (viewer; scoped tokens see their projects only):
//   GET /api/workflow/search          Conductor's SearchResult<WorkflowSummary> with start/size/
//                                     sort/freeText/query, plus workflowType/status/correlationId/
//                                     project filters (Orrery extension)
//   GET /api/workflow/running/{name}  ids of RUNNING executions of name+version (version default 1)
class WorkflowSearchRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
};

} // namespace orrery
