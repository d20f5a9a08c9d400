#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// Operations routes (viewer; they report on every project, so scoped tokens are refused):
//   GET /api/conductor/workers   every worker that polled (engine poll data + API poll counts +
//                                tasks in progress from the store) and the local worker pool
//   GET /api/stats               the six operating figures over 1 h and 24 h
//   GET /metrics                 Prometheus text format
class OpsRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
};

} // namespace orrery
