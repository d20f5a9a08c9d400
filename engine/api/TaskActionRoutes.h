#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// The rest of Conductor's task API (spec §2):
//   POST /api/tasks/{workflowId}/{taskRefName}/{status}[/sync]?workerid=   update by reference name;
//        the body (a JSON object) is merged into the task's output. text/plain taskId, or 200 with
//        no body when no task of that ref is pending; /sync answers the Workflow, or 404.
//   POST /api/tasks/{workflowId}/{status}/signal[/sync]   completes the first pending WAIT or
//        HUMAN task of the workflow or of its running sub-workflows (matched before the update by
//        reference name: a literal segment beats a variable).
//   GET  /api/tasks/queue/size?taskType=&domain=   one queue's size (a JSON number)
//   GET  /api/tasks/queue/all                      {queueName: size} of every queue
class TaskActionRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
};

} // namespace orrery
