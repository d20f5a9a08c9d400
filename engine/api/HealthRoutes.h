#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// GET /healthz (liveness: the server answers; anonymous), /health and /api/health (Conductor's:
// 200 while the engine runs, 503 otherwise; anonymous), GET /readyz (readiness: the store
// answers a query and the engine runs; viewer) and GET /api/version (text/plain; viewer).
class HealthRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
};

} // namespace orrery
