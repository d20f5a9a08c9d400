#include "WorkflowSearchRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "SqlWhere.h"
#include "WorkflowQueries.h"
#include "WorkflowSearchQuery.h"

namespace orrery {

namespace {

const QString kTag = QStringLiteral("workflows");

QStringList workflowStatuses()
{
    return {QStringLiteral("RUNNING"), QStringLiteral("PAUSED"), QStringLiteral("COMPLETED"), QStringLiteral("FAILED"),
            QStringLiteral("TIMED_OUT"), QStringLiteral("TERMINATED")};
}

// Adds the project restriction of the caller (its filter, checked; or its scopes).
Result<void> restrictProjects(const RequestContext &ctx, SqlWhere &where)
{
    const QStringList asked = ctx.queryList(QStringLiteral("project"));
    for (const QString &p : asked) {
        if (!ctx.allowsProject(p))
            return ctx.outOfScope(QStringLiteral("the filter project=%1").arg(p), p);
    }
    where.addIn(QStringLiteral("w.project_id"), asked.isEmpty() ? ctx.scopeProjects() : asked);
    return {};
}

void search(const ApiServices &s, const RequestContext &ctx)
{
    SqlWhere where;
    auto statuses = ctx.queryEnumList(QStringLiteral("status"), workflowStatuses());
    if (!statuses.ok())
        return ctx.replyError(statuses.error());
    where.addIn(QStringLiteral("w.status"), *statuses);
    where.addIn(QStringLiteral("w.name"), ctx.queryList(QStringLiteral("workflowType")));
    if (const QString c = ctx.queryString(QStringLiteral("correlationId")); !c.isEmpty())
        where.add(QStringLiteral("w.correlation_id = ?"), {c});
    if (auto r = restrictProjects(ctx, where); !r.ok())
        return ctx.replyError(r.error());
    if (auto r = WorkflowSearchQuery::apply(ctx.queryString(QStringLiteral("query")), where); !r.ok())
        return ctx.replyError(r.error());
    const QString freeText = ctx.queryString(QStringLiteral("freeText")).trimmed();
    if (!freeText.isEmpty() && freeText != QLatin1String("*"))
        where.addContains(QStringLiteral("w.json"), freeText.left(200));
    auto order = orderByFromSort(ctx.queryString(QStringLiteral("sort")), WorkflowQueries::sortColumns(),
                                 QStringLiteral("w.create_time DESC"));
    if (!order.ok())
        return ctx.replyError(order.error());
    auto paging = Paging::fromQuery(ctx);
    if (!paging.ok())
        return ctx.replyError(paging.error());
    ApiServices::query(s.queries, ctx, [ctx, where, order = *order, paging = *paging](QueryExecutor::Connection &c) {
        auto page = WorkflowQueries::search(c.db, *c.backend, where, order, paging);
        if (!page.ok()) {
            c.failed = true;
            return ctx.replyError(page.error());
        }
        ctx.replyJson(*page);
    });
}

void running(const ApiServices &s, const RequestContext &ctx)
{
    const QString name = ctx.param(QStringLiteral("name"));
    auto version = ctx.queryInt(QStringLiteral("version"), 1);
    if (!version.ok())
        return ctx.replyError(version.error());
    auto from = ctx.queryTime(QStringLiteral("startTime"));
    if (!from.ok())
        return ctx.replyError(from.error());
    auto to = ctx.queryTime(QStringLiteral("endTime"));
    if (!to.ok())
        return ctx.replyError(to.error());
    std::optional<QStringList> projects;
    if (!ctx.scopeProjects().isEmpty())
        projects = ctx.scopeProjects();
    ApiServices::query(s.queries, ctx, [ctx, name, version = *version, from = *from, to = *to, projects](QueryExecutor::Connection &c) {
        auto ids = WorkflowQueries::running(c.db, *c.backend, name, version, from, to, projects);
        if (!ids.ok()) {
            c.failed = true;
            return ctx.replyError(ids.error());
        }
        ctx.replyJson(*ids);
    });
}

} // namespace

void WorkflowSearchRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    const ApiServices s = services;
    router.add("GET", QStringLiteral("/api/workflow/search"), Access::Viewer, [s](const RequestContext &ctx) { search(s, ctx); })
        .summary(QStringLiteral("Search workflow executions"))
        .description(QStringLiteral("Conductor's search, from the store (it may trail the engine by a few ms). `query` "
                                    "takes conditions joined with AND: field OP value with OP = != > < >= <= or "
                                    "IN (a, b); fields workflowType, workflowId, status, correlationId, projectId, "
                                    "version, startTime, updateTime, endTime."))
        .tag(kTag)
        .allowScoped()
        .query(QStringLiteral("query"), QStringLiteral("string"), QStringLiteral("e.g. workflowType = 'etl' AND status IN (FAILED, TIMED_OUT)"))
        .query(QStringLiteral("freeText"), QStringLiteral("string"), QStringLiteral("Text found anywhere in the execution; * = all."))
        .query(QStringLiteral("sort"), QStringLiteral("string"), QStringLiteral("field:ASC|DESC joined with |; fields startTime (default, DESC), updateTime, endTime, workflowType, status, workflowId, correlationId."))
        .query(QStringLiteral("workflowType"), QStringLiteral("string"), QStringLiteral("Workflow names (Orrery extension)."))
        .query(QStringLiteral("status"), QStringLiteral("string"), QStringLiteral("Statuses (Orrery extension)."), workflowStatuses())
        .query(QStringLiteral("correlationId"), QStringLiteral("string"), QStringLiteral("Correlation id (Orrery extension)."))
        .query(QStringLiteral("project"), QStringLiteral("string"), QStringLiteral("Project ids (Orrery extension)."))
        .paged()
        .response(200, QStringLiteral("{totalHits, results: [WorkflowSummary], start, size}"));
    router.add("GET", QStringLiteral("/api/workflow/running/{name}"), Access::Viewer,
               [s](const RequestContext &ctx) { running(s, ctx); })
        .summary(QStringLiteral("Ids of running executions"))
        .tag(kTag)
        .allowScoped()
        .pathParam(QStringLiteral("name"), QStringLiteral("Workflow name."))
        .query(QStringLiteral("version"), QStringLiteral("integer"), QStringLiteral("Definition version (default 1, as in Conductor)."))
        .query(QStringLiteral("startTime"), QStringLiteral("string"), QStringLiteral("Started at or after (epoch ms or ISO-8601)."))
        .query(QStringLiteral("endTime"), QStringLiteral("string"), QStringLiteral("Started at or before (epoch ms or ISO-8601)."))
        .response(200, QStringLiteral("[workflowId]"));
}

} // namespace orrery
