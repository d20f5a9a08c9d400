#include "WorkflowSearchRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "MergedWorkflowSearch.h"
#include "RemoteWorkflowSource.h"
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

using PageDone = std::function<void(Result<QJsonObject>)>;

// The local executions: the store's page under the caller's filters.
void localPage(const ApiServices &s, const RequestContext &ctx, const QStringList &statuses, const QString &order,
               const Paging &paging, PageDone done)
{
    SqlWhere where;
    where.addIn(QStringLiteral("w.status"), statuses);
    where.addIn(QStringLiteral("w.name"), ctx.queryList(QStringLiteral("workflowType")));
    if (const QString c = ctx.queryString(QStringLiteral("correlationId")); !c.isEmpty())
        where.add(QStringLiteral("w.correlation_id = ?"), {c});
    if (auto r = restrictProjects(ctx, where); !r.ok())
        return done(r.error());
    if (auto r = WorkflowSearchQuery::apply(ctx.queryString(QStringLiteral("query")), where); !r.ok())
        return done(r.error());
    const QString freeText = ctx.queryString(QStringLiteral("freeText")).trimmed();
    if (!freeText.isEmpty() && freeText != QLatin1String("*"))
        where.addContains(QStringLiteral("w.json"), freeText.left(200));
    ApiServices::query(s.queries, ctx, [where, order, paging, done](QueryExecutor::Connection &c) {
        auto page = WorkflowQueries::search(c.db, *c.backend, where, order, paging);
        if (!page.ok())
            c.failed = true;
        done(std::move(page));
    });
}

// Why the remote side is left out for this caller, or empty when it is not.
QString remoteLeftOut(const ApiServices &s, const RequestContext &ctx)
{
    if (!s.remote->load())
        return QStringLiteral("client mode is off");
    if (!ctx.scopeProjects().isEmpty() || !ctx.queryList(QStringLiteral("project")).isEmpty())
        return QStringLiteral("remote executions belong to no Orrery project (a project filter or scoped token "
                              "sees local ones only)");
    return {};
}

void search(const ApiServices &s, const RequestContext &ctx)
{
    QString source = ctx.queryString(QStringLiteral("source"));
    if (source.isEmpty())
        source = QStringLiteral("local");
    if (source != QLatin1String("local") && source != QLatin1String("remote") && source != QLatin1String("all"))
        return ctx.replyError(400, QStringLiteral("source must be local, remote or all"),
                              {{QStringLiteral("source"), QStringLiteral("\"%1\" is not local, remote or all").arg(source), true}});
    auto statuses = ctx.queryEnumList(QStringLiteral("status"), workflowStatuses());
    if (!statuses.ok())
        return ctx.replyError(statuses.error());
    const QString sort = ctx.queryString(QStringLiteral("sort"));
    auto order = orderByFromSort(sort, WorkflowQueries::sortColumns(), QStringLiteral("w.create_time DESC"));
    if (!order.ok())
        return ctx.replyError(order.error());
    auto paging = Paging::fromQuery(ctx);
    if (!paging.ok())
        return ctx.replyError(paging.error());
    if (source == QLatin1String("local")) // Conductor's own search: the page exactly as it has always been
        return localPage(s, ctx, *statuses, *order, *paging, [ctx](Result<QJsonObject> page) {
            page.ok() ? ctx.replyJson(*page) : ctx.replyError(page.error());
        });

    const QString leftOut = remoteLeftOut(s, ctx);
    if (source == QLatin1String("remote") && !leftOut.isEmpty())
        return ctx.replyError(s.remote->load() ? Error::forbidden(QStringLiteral("Remote executions: ") + leftOut)
                                               : Error::conflict(QStringLiteral("Remote executions: ") + leftOut));
    if (MergedWorkflowSearch::window(*paging) > Paging::kMaxSize)
        return ctx.replyError(400, QStringLiteral("source=%1 pages at most %2 rows deep (start + size)").arg(source).arg(Paging::kMaxSize),
                              {{QStringLiteral("start"), QStringLiteral("start + size is over %1").arg(Paging::kMaxSize), true}});
    const Paging window{0, MergedWorkflowSearch::window(*paging)};
    const QString remoteQuery =
        MergedWorkflowSearch::remoteQuery(*paging, sort, ctx.queryString(QStringLiteral("freeText")),
                                          ctx.queryString(QStringLiteral("query")), *statuses,
                                          ctx.queryList(QStringLiteral("workflowType")));
    const std::shared_ptr<RemoteWorkflowSource> remote = leftOut.isEmpty() ? s.remote->load() : nullptr;
    auto mergeWith = [ctx, remote, remoteQuery, sort, paging = *paging, leftOut](QJsonObject local, QJsonObject sources) {
        if (!remote) {
            sources.insert(QStringLiteral("remote"), QJsonObject{{QStringLiteral("leftOut"), leftOut}});
            return ctx.replyJson(MergedWorkflowSearch::merge(local, {}, sort, paging, sources));
        }
        const QString server = remote->serverName();
        remote->search(remoteQuery, [ctx, local, sources, sort, paging, server](int status, const QJsonObject &page,
                                                                                 const QString &message) mutable {
            if (status != 200 && local.isEmpty()) // source=remote: the server's failure is the answer
                return ctx.replyError(status, message);
            QJsonObject side{{QStringLiteral("server"), server}};
            if (status == 200)
                side.insert(QStringLiteral("totalHits"), page.value(QStringLiteral("totalHits")));
            else
                side.insert(QStringLiteral("error"), message); // the local rows are still worth showing
            sources.insert(QStringLiteral("remote"), side);
            ctx.replyJson(MergedWorkflowSearch::merge(local, status == 200 ? page : QJsonObject(), sort, paging, sources));
        });
    };
    if (source == QLatin1String("remote"))
        return mergeWith({}, {});
    localPage(s, ctx, *statuses, *order, window, [ctx, mergeWith](Result<QJsonObject> local) {
        if (!local.ok())
            return ctx.replyError(local.error());
        mergeWith(*local, {{QStringLiteral("local"), QJsonObject{{QStringLiteral("totalHits"), local->value(QStringLiteral("totalHits"))}}}});
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
        .query(QStringLiteral("source"), QStringLiteral("string"),
               QStringLiteral("local (default: this engine's executions, Conductor's answer as is), remote (the Conductor "
                              "server's in client mode) or all (both merged by sort, each row marked source, with a "
                              "sources object; start + size <= 1000) (Orrery extension)."),
               {QStringLiteral("local"), QStringLiteral("remote"), QStringLiteral("all")})
        .paged()
        .response(200, QStringLiteral("{totalHits, results: [WorkflowSummary], start, size} (+ source per row and "
                                      "sources {local: {totalHits}, remote: {server, totalHits | error | leftOut}} for source=remote|all)"))
        .response(409, QStringLiteral("source=remote while client mode is off"))
        .response(503, QStringLiteral("source=remote and the Conductor server is not reachable"));
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
