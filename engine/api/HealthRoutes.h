#pragma once

#include <QString>

namespace orrery {

class ApiRouter;
class Engine;

// GET /healthz, /health, /api/health (anonymous) and GET /api/version (text/plain).
class HealthRoutes
{
public:
    static void registerRoutes(ApiRouter &router, Engine *engine, const QString &version);
};

} // namespace orrery
