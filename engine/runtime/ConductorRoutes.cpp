#include "ConductorRoutes.h"

#include "api/ApiRouter.h"
#include "api/RequestContext.h"
#include "conductor/ConductorClient.h"
#include "conductor/RemoteWorker.h"
#include "runtime/ConductorRemoteSource.h"

#include <QJsonArray>
#include <QUrl>

namespace orrery {

namespace {

const QString kTag = QStringLiteral("conductor");

Error clientModeOff()
{
    return Error::conflict(QStringLiteral("Client mode is off: start orreryd with --conductor-mode client and "
                                          "--conductor-url (docs/conductor-client.md)."));
}

bool unscoped(const RequestContext &ctx)
{
    if (ctx.scopeProjects().isEmpty())
        return true;
    ctx.replyError(Error::forbidden(QStringLiteral("Remote Conductor executions belong to no Orrery project: reading "
                                                   "them needs a token without project scopes.")));
    return false;
}

// Forwards a GET to the server on the client's thread and answers with its JSON, marked remote.
void forward(ConductorClient *client, const RequestContext &ctx, const QString &path, bool isSearch)
{
    ConductorRemoteSource::fetch(client, client->settings().url, path, isSearch,
                                 [ctx](int status, const QJsonObject &o, const QString &message) {
                                     status == 200 ? ctx.replyJson(o) : ctx.replyError(status, message);
                                 });
}

} // namespace

void ConductorRoutes::registerRoutes(ApiRouter &router, ConductorClient *client, RemoteWorker *worker)
{
    router.add("GET", QStringLiteral("/api/conductor/client"), Access::Viewer, [client, worker](const RequestContext &ctx) {
        if (!client)
            return ctx.replyJson(QJsonObject{{QStringLiteral("mode"), QStringLiteral("off")}});
        QMetaObject::invokeMethod(client, [client, worker, ctx] {
            QJsonObject o = client->statusJson();
            o.insert(QStringLiteral("mode"), QStringLiteral("client"));
            if (worker)
                o.insert(QStringLiteral("workers"), worker->statusJson());
            ctx.replyJson(o);
        }, Qt::QueuedConnection);
    })
        .summary(QStringLiteral("Client mode status: Conductor server, its circuit breaker, remote workers"))
        .description(QStringLiteral("mode (off|client); url (no secrets); auth (none|token|oss); breaker (state, trips, "
                                    "...); requests, probes (sent while the breaker was not CLOSED), refusedByBreaker; "
                                    "workers: polls, pollsPerSecond, inFlight, reportsPending, leaseExtensions, per type."))
        .tag(kTag)
        .response(200, QStringLiteral("{mode, url, auth, breaker, requests, probes, workers: {...}}"));

    router.add("GET", QStringLiteral("/api/conductor/remote/workflow/search"), Access::Viewer, [client](const RequestContext &ctx) {
        if (!client)
            return ctx.replyError(clientModeOff());
        if (!unscoped(ctx))
            return;
        QStringList parts;
        for (const char *key : {"start", "size", "sort", "freeText", "query"})
            if (auto v = ctx.query(QLatin1String(key)))
                parts.append(QLatin1String(key) + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(*v)));
        const QString query = parts.join(QLatin1Char('&'));
        forward(client, ctx, QStringLiteral("/api/workflow/search") + (query.isEmpty() ? QString() : QLatin1Char('?') + query),
                true);
    })
        .summary(QStringLiteral("Search the Conductor server's executions (marked source: remote)"))
        .tag(kTag)
        .query(QStringLiteral("start"), QStringLiteral("integer"), QStringLiteral("First hit (default 0)."))
        .query(QStringLiteral("size"), QStringLiteral("integer"), QStringLiteral("Page size (server default 100)."))
        .query(QStringLiteral("sort"), QStringLiteral("string"), QStringLiteral("field:ASC|DESC."))
        .query(QStringLiteral("freeText"), QStringLiteral("string"), QStringLiteral("Full-text match (* = all)."))
        .query(QStringLiteral("query"), QStringLiteral("string"), QStringLiteral("Conductor's query language."))
        .response(200, QStringLiteral("{totalHits, results: [WorkflowSummary + source, conductorServer], source}"))
        .response(409, QStringLiteral("client mode is off"))
        .response(503, QStringLiteral("the server is not reachable (or its breaker is open)"));

    router.add("GET", QStringLiteral("/api/conductor/remote/workflow/{workflowId}"), Access::Viewer,
               [client](const RequestContext &ctx) {
        if (!client)
            return ctx.replyError(clientModeOff());
        if (!unscoped(ctx))
            return;
        auto id = ctx.idParam(QStringLiteral("workflowId"));
        if (!id.ok())
            return ctx.replyError(id.error());
        auto includeTasks = ctx.queryBool(QStringLiteral("includeTasks"), true);
        if (!includeTasks.ok())
            return ctx.replyError(includeTasks.error());
        forward(client, ctx,
                QStringLiteral("/api/workflow/%1?includeTasks=%2")
                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(*id)), *includeTasks ? QStringLiteral("true")
                                                                                          : QStringLiteral("false")),
                false);
    })
        .summary(QStringLiteral("A workflow execution of the Conductor server (marked source: remote)"))
        .tag(kTag)
        .pathParam(QStringLiteral("workflowId"), QStringLiteral("The server's workflow id."))
        .query(QStringLiteral("includeTasks"), QStringLiteral("boolean"), QStringLiteral("Default true."))
        .response(200, QStringLiteral("Workflow + source, conductorServer"))
        .response(404, QStringLiteral("unknown on the server"))
        .response(409, QStringLiteral("client mode is off"))
        .response(503, QStringLiteral("the server is not reachable (or its breaker is open)"));
}

} // namespace orrery
