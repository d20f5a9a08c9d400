#include "HealthRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"

#include "workflow/Engine.h"

#include <QSqlError>
#include <QSqlQuery>

namespace orrery {

void HealthRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    Engine *engine = services.engine;
    router.add("GET", QStringLiteral("/healthz"), Access::Anonymous, [engine](const RequestContext &ctx) {
        ctx.replyJson(QJsonObject{{QStringLiteral("healthy"), true},
                                  {QStringLiteral("engineRunning"), engine && engine->isRunning()}});
    })
        .summary(QStringLiteral("Liveness"))
        .description(QStringLiteral("200 whenever the server answers, also while the engine drains (a liveness probe "
                                    "must not restart a draining server). No token needed."))
        .tag(QStringLiteral("health"))
        .response(200, QStringLiteral("{healthy: true, engineRunning}"));

    // Conductor's health body is {"healthy":true}; 503 tells a load balancer to look elsewhere.
    const auto health = [engine](const RequestContext &ctx) {
        const bool running = engine && engine->isRunning();
        ctx.replyJson(QJsonObject{{QStringLiteral("healthy"), running}}, running ? 200 : 503);
    };
    for (const QString &path : {QStringLiteral("/health"), QStringLiteral("/api/health")}) {
        router.add("GET", path, Access::Anonymous, health)
            .summary(QStringLiteral("Conductor health"))
            .description(QStringLiteral("Conductor's health check: 200 {healthy: true} while the engine accepts work, "
                                        "503 {healthy: false} otherwise. No token needed."))
            .tag(QStringLiteral("health"))
            .response(200, QStringLiteral("{healthy: true}"))
            .response(503, QStringLiteral("{healthy: false}"));
    }

    const auto queries = services.queries;
    router.add("GET", QStringLiteral("/readyz"), Access::Viewer, [engine, queries](const RequestContext &ctx) {
        const bool running = engine && engine->isRunning();
        ApiServices::query(queries, ctx, [ctx, running](QueryExecutor::Connection &c) {
            QSqlQuery q(c.db);
            const bool storeOk = q.exec(QStringLiteral("SELECT 1")) && q.next();
            if (!storeOk)
                c.failed = true;
            QJsonObject checks{{QStringLiteral("engine"), running ? QStringLiteral("running") : QStringLiteral("stopped")},
                               {QStringLiteral("store"), storeOk ? QStringLiteral("ok") : q.lastError().text()}};
            ctx.replyJson(QJsonObject{{QStringLiteral("ready"), running && storeOk}, {QStringLiteral("checks"), checks}},
                          running && storeOk ? 200 : 503);
        });
    })
        .summary(QStringLiteral("Readiness"))
        .description(QStringLiteral("200 when the store answers a query and the engine runs; 503 otherwise (or when "
                                    "the store cannot be reached at all), with the failing check."))
        .tag(QStringLiteral("health"))
        .allowScoped()
        .response(200, QStringLiteral("{ready: true, checks: {engine, store}}"))
        .response(503, QStringLiteral("not ready"));

    const QString version = services.version;
    router.add("GET", QStringLiteral("/api/version"), Access::Viewer,
               [version](const RequestContext &ctx) { ctx.replyText(version); })
        .summary(QStringLiteral("Server version"))
        .tag(QStringLiteral("health"))
        .allowScoped()
        .response(200, QStringLiteral("the version, e.g. 0.1.0"), QStringLiteral("text/plain"));
}

} // namespace orrery
