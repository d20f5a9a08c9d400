#include "HealthRoutes.h"

#include "ApiRouter.h"

#include "workflow/Engine.h"

namespace orrery {

void HealthRoutes::registerRoutes(ApiRouter &router, Engine *engine, const QString &version)
{
    // Conductor's health body is {"healthy":true}; 503 tells a load balancer to look elsewhere.
    const auto health = [engine](const RequestContext &ctx) {
        const bool running = engine && engine->isRunning();
        ctx.replyJson(QJsonObject{{QStringLiteral("healthy"), running}}, running ? 200 : 503);
    };
    router.add("GET", QStringLiteral("/healthz"), Access::Anonymous, health);
    router.add("GET", QStringLiteral("/health"), Access::Anonymous, health);
    router.add("GET", QStringLiteral("/api/health"), Access::Anonymous, health);

    router.add("GET", QStringLiteral("/api/version"), Access::Viewer,
               [version](const RequestContext &ctx) { ctx.replyText(version); });
}

} // namespace orrery
