#include "BreakerRoutes.h"

#include "BreakerStatusReader.h"

#include "api/ApiRouter.h"
#include "api/RequestContext.h"
#include "recovery/AlertWebhook.h"
#include "recovery/BreakerRegistry.h"
#include "recovery/CircuitBreaker.h"
#include "recovery/ForeignBreakers.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

namespace orrery {

namespace {

enum class Action { Open, Close, Reset };

const QString kWebhook = QStringLiteral("webhook");

QString caller(const RequestContext &ctx)
{
    return ctx.principal() ? ctx.principal()->name : QStringLiteral("anonymous");
}

// Applies `action` to `b` (nullptr = unknown) and answers with its status.
void act(CircuitBreaker *b, Action action, const QString &name, const RequestContext &ctx)
{
    if (!b)
        return ctx.replyError(Error::notFound(QStringLiteral("No circuit breaker named '%1' (GET /api/circuitbreaker/status lists them)").arg(name)));
    switch (action) {
    case Action::Open: b->forceOpen(QStringLiteral("forced open by %1").arg(caller(ctx))); break;
    case Action::Close: b->forceClose(QStringLiteral("forced closed by %1").arg(caller(ctx))); break;
    case Action::Reset: b->reset(); break;
    }
    ctx.replyJson(b->toJson());
}

void route(Engine *engine, const DeadLetterQueue::Poster &dlq, const std::shared_ptr<const ForeignBreakers> &foreign,
           Action action, const RequestContext &ctx)
{
    const QString name = ctx.param(QStringLiteral("name")).trimmed();
    if (name.isEmpty() || name.size() > 300)
        return ctx.replyError(400, QStringLiteral("A breaker name is 1 to 300 characters, e.g. http:api.example.com"));
    if (const auto entry = foreign ? foreign->find(name) : std::nullopt; entry && entry->act) {
        const ForeignBreakers::Action a = action == Action::Open    ? ForeignBreakers::Action::Open
                                          : action == Action::Close ? ForeignBreakers::Action::Close
                                                                    : ForeignBreakers::Action::Reset;
        const QString source = entry->source;
        return entry->act(a, caller(ctx), [ctx, source](Result<QJsonObject> status) {
            if (!status.ok())
                return ctx.replyError(status.error());
            QJsonObject o = status.value();
            o.insert(QStringLiteral("source"), source);
            ctx.replyJson(o);
        });
    }
    if (name == kWebhook) {
        if (!dlq)
            return ctx.replyError(Error::unavailable(QStringLiteral("The dead-letter queue is not running.")));
        return dlq([action, name, ctx](DeadLetterQueue &q) { act(q.webhook()->breaker(), action, name, ctx); });
    }
    engine->onEngineThread([action, name, ctx](EngineCore &core) {
        BreakerRegistry *registry = BreakerRegistry::attachedTo(&core, &core.clock());
        // Forcing open may come before the first call (an operator takes a host out ahead of time).
        act(action == Action::Open ? registry->breaker(name) : registry->find(name), action, name, ctx);
    });
}

} // namespace

void BreakerRoutes::registerRoutes(ApiRouter &router, Engine *engine, DeadLetterQueue::Poster dlq,
                                   std::shared_ptr<const ForeignBreakers> foreign)
{
    const auto reader = std::make_shared<const BreakerStatusReader>(engine, dlq, foreign);
    router.add("GET", QStringLiteral("/api/circuitbreaker/status"), Access::Viewer, [reader](const RequestContext &ctx) {
        reader->read([ctx](QJsonObject status) { ctx.replyJson(status); });
    })
        .summary(QStringLiteral("Circuit breaker status"))
        .description(QStringLiteral("Every breaker (http:<host>, task:<type>, store, webhook, ...): state, settings, "
                                    "counters (calls, failures, rejections, trips), window and recent failures. In "
                                    "client mode also conductor:<host:port>, the Conductor server's, with "
                                    "\"source\":\"conductor-client\"."))
        .tag(QStringLiteral("circuitbreaker"))
        .response(200, QStringLiteral("{breakers: [...], count, open}"));
    const auto doc = [](RouteDoc &d, const char *summary, const char *what) {
        d.summary(QString::fromLatin1(summary))
            .description(QString::fromLatin1(what))
            .tag(QStringLiteral("circuitbreaker"))
            .pathParam(QStringLiteral("name"), QStringLiteral("the breaker, e.g. http:api.example.com (percent-encode '/')"))
            .response(200, QStringLiteral("the breaker's status"))
            .response(404, QStringLiteral("no breaker of that name"));
    };
    doc(router.add("POST", QStringLiteral("/api/circuitbreaker/{name}/open"), Access::Admin,
                   [engine, dlq, foreign](const RequestContext &ctx) { route(engine, dlq, foreign, Action::Open, ctx); }),
        "Force a breaker open", "FORCED_OPEN until closed or reset: calls fail fast and local tasks wait. A new name "
                                "is created, to take a resource out ahead of time.");
    doc(router.add("POST", QStringLiteral("/api/circuitbreaker/{name}/close"), Access::Admin,
                   [engine, dlq, foreign](const RequestContext &ctx) { route(engine, dlq, foreign, Action::Close, ctx); }),
        "Force a breaker closed", "CLOSED at once; counters are kept, the failure run and window cleared.");
    doc(router.add("POST", QStringLiteral("/api/circuitbreaker/{name}/reset"), Access::Operator,
                   [engine, dlq, foreign](const RequestContext &ctx) { route(engine, dlq, foreign, Action::Reset, ctx); }),
        "Reset a breaker", "CLOSED with every counter, the window and the failure history cleared.");
}

} // namespace orrery
