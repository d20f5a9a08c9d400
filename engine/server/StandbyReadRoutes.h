#pragma once

#include <QByteArray>
#include <QString>

namespace orrery {

class ApiRouter;
class Store;
struct ApiServices;

// The reads a standby serves itself, from the shared PostgreSQL store through its own read
// connections (the API's QueryExecutor threads), with the same tokens, roles and project scopes
// as the active instance. What the store holds may trail the active engine by its group-commit
// window (a few milliseconds), as the active's own store-backed lists do.
//
// keeps() names the routes of the full API a standby keeps: the store-backed lists and searches
// (GET /api/tasks, /api/workflow/search, /api/workflow/running/{name}, /api/audit), the caller's
// token (/api/token/me, /api/tokens), /api/version and /readyz. registerRoutes() adds store-backed
// versions of the reads the active answers from its engine's memory:
//   GET /api/workflow/{workflowId}[?includeTasks]        GET /api/workflow/{workflowId}/status
//   GET /api/tasks/{taskId}[?include=attempts,logs]      GET /api/tasks/{taskId}/log
//   GET /api/metadata/taskdefs[/{name}]                  GET /api/metadata/workflow[/{name}[?version]]
// Everything else (writes, and reads that need the live engine or a module of the active: queue
// sizes, poll data, workers, breakers, DLQ, scheduler jobs, stats) goes to the standby's fallback.
class StandbyReadRoutes
{
public:
    static bool keeps(const QByteArray &method, const QString &pattern);
    // `store` is not owned and must outlive the router.
    static void registerRoutes(ApiRouter &router, const ApiServices &services, Store *store);
};

} // namespace orrery
