#include "AuditRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "AuditLog.h"

namespace orrery {

namespace {

void listAudit(const ApiServices &s, const RequestContext &ctx)
{
    AuditFilter f;
    auto since = ctx.queryTime(QStringLiteral("since"));
    if (!since.ok())
        return ctx.replyError(since.error());
    auto until = ctx.queryTime(QStringLiteral("until"));
    if (!until.ok())
        return ctx.replyError(until.error());
    f.since = *since;
    f.until = *until;
    f.actor = ctx.queryString(QStringLiteral("actor"));
    f.actorId = ctx.queryString(QStringLiteral("actorId"));
    auto method = ctx.queryEnum(QStringLiteral("method"),
                                {QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("DELETE"), QStringLiteral("PATCH"),
                                 QStringLiteral("CLI")},
                                QString());
    if (!method.ok())
        return ctx.replyError(method.error());
    f.method = *method;
    f.route = ctx.queryString(QStringLiteral("route"));
    f.targetPrefix = ctx.queryString(QStringLiteral("target")).left(500);
    auto outcomes = ctx.queryEnumList(QStringLiteral("outcome"), {QStringLiteral("ok"), QStringLiteral("denied"),
                                                                  QStringLiteral("rejected"), QStringLiteral("error")});
    if (!outcomes.ok())
        return ctx.replyError(outcomes.error());
    f.outcomes = *outcomes;
    auto status = ctx.queryOptionalInt(QStringLiteral("status"));
    if (!status.ok())
        return ctx.replyError(status.error());
    f.status = *status;
    auto paging = Paging::fromQuery(ctx);
    if (!paging.ok())
        return ctx.replyError(paging.error());
    f.paging = *paging;
    auto audit = s.audit;
    ApiServices::query(s.queries, ctx, [ctx, f, audit](QueryExecutor::Connection &c) {
        if (audit)
            audit->flush(2000); // show what was just done (best effort)
        auto page = AuditLog::list(c.db, *c.backend, f);
        if (!page.ok()) {
            c.failed = true;
            return ctx.replyError(page.error());
        }
        ctx.replyJson(*page);
    });
}

} // namespace

void AuditRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    const ApiServices s = services;
    router.add("GET", QStringLiteral("/api/audit"), Access::Admin, [s](const RequestContext &ctx) { listAudit(s, ctx); })
        .summary(QStringLiteral("Audit log"))
        .description(QStringLiteral("Every mutating API call (and `orreryd token` command): who (token id, name, role), "
                                    "what (method, route), target (path), when, from where, and the outcome. Worker "
                                    "data-plane calls (task updates and logs) are not audited. Newest first."))
        .tag(QStringLiteral("security"))
        .query(QStringLiteral("since"), QStringLiteral("string"), QStringLiteral("Earliest time (epoch ms or ISO-8601)."))
        .query(QStringLiteral("until"), QStringLiteral("string"), QStringLiteral("Latest time (epoch ms or ISO-8601)."))
        .query(QStringLiteral("actor"), QStringLiteral("string"), QStringLiteral("Token name."))
        .query(QStringLiteral("actorId"), QStringLiteral("string"), QStringLiteral("Token id."))
        .query(QStringLiteral("method"), QStringLiteral("string"), QStringLiteral("HTTP method (CLI for command-line changes)."),
               {QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("DELETE"), QStringLiteral("PATCH"), QStringLiteral("CLI")})
        .query(QStringLiteral("route"), QStringLiteral("string"), QStringLiteral("Route pattern, e.g. /api/workflow/{name}."))
        .query(QStringLiteral("target"), QStringLiteral("string"), QStringLiteral("Path prefix, e.g. /api/tokens."))
        .query(QStringLiteral("outcome"), QStringLiteral("string"), QStringLiteral("Outcomes."),
               {QStringLiteral("ok"), QStringLiteral("denied"), QStringLiteral("rejected"), QStringLiteral("error")})
        .query(QStringLiteral("status"), QStringLiteral("integer"), QStringLiteral("HTTP status."))
        .paged()
        .response(200, QStringLiteral("{totalHits, results: [{id, time, actorId, actor, role, method, route, target, status, outcome, remote, message?}], start, size}"));
}

} // namespace orrery
