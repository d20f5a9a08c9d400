#pragma once

namespace orrery {

class ApiRouter;
class ConductorClient;
class RemoteWorker;

// Client mode over REST (docs/conductor-client.md). All need a token without project scopes
// for the remote reads (remote executions belong to no Orrery project):
//   GET /api/conductor/client                      viewer  mode, server URL, breaker, polls/s,
//                                                          in flight, reports pending, counters
//   GET /api/conductor/remote/workflow/search      viewer  the server's /api/workflow/search
//                                                          (start, size, sort, freeText, query)
//   GET /api/conductor/remote/workflow/{id}        viewer  the server's /api/workflow/{id}
//                                                          (includeTasks), marked "source":"remote"
// With client mode off (`client` null) the status says so and the remote reads answer 409.
// The client and worker live on the conductor thread: handlers call them there.
class ConductorRoutes
{
public:
    static void registerRoutes(ApiRouter &router, ConductorClient *client, RemoteWorker *worker);
};

} // namespace orrery
