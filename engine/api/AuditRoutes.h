#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// GET /api/audit (admin, tokens without project scopes): the audit log of mutating calls,
// newest first, filtered by time, actor, method, route, target prefix, outcome and status, paged.
class AuditRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
};

} // namespace orrery
