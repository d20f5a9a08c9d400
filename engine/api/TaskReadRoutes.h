#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// Orrery's task reads (viewer; tokens with project scopes see their projects only):
//   GET /api/tasks                   list with filters, sort and paging (from the store)
//   GET /api/tasks/{taskId}          Conductor's Task; ?include=attempts,logs adds every attempt
//                                    of the same reference and the execution log
//   GET /api/tasks/{taskId}/log      Conductor's [TaskExecLog], 204 when there are none
class TaskReadRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
};

} // namespace orrery
