#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// Conductor's remaining actions on one workflow execution (spec §4):
//   DELETE /api/workflow/{workflowId}/terminate-remove?reason=&archiveWorkflow=   terminate, then remove (admin)
//   PUT    /api/workflow/{workflowId}/skiptask/{taskReferenceName}  [SkipTaskRequest]   (operator)
//   POST   /api/workflow/{workflowId}/resetcallbacks -> 204                            (operator)
//   PUT    /api/workflow/decide/{workflowId}                                           (operator)
// Like pause and resume, they need a token without project scopes.
class WorkflowActionRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
};

} // namespace orrery
