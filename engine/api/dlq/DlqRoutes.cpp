#include "DlqRoutes.h"

#include "api/ApiRouter.h"
#include "api/RequestContext.h"

#include <QJsonArray>

namespace orrery {

namespace {

const QStringList kFilterKeys{QStringLiteral("ids"), QStringLiteral("taskType"), QStringLiteral("projectId"),
                              QStringLiteral("reason"), QStringLiteral("status"), QStringLiteral("workflowId"),
                              QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("text")};
const QStringList kControlKeys{QStringLiteral("filter"), QStringLiteral("all"), QStringLiteral("ratePerSecond"),
                               QStringLiteral("dryRun")};

QString caller(const RequestContext &ctx)
{
    return ctx.principal() ? ctx.principal()->name : QStringLiteral("anonymous");
}

QStringList scope(const RequestContext &ctx)
{
    return ctx.principal() ? ctx.principal()->projects : QStringList();
}

bool inScope(const RequestContext &ctx, const QString &projectId)
{
    const QStringList projects = scope(ctx);
    return projects.isEmpty() || (!projectId.isEmpty() && projects.contains(projectId));
}

// Runs `fn` on the DLQ's thread; 503 if the queue is gone.
void onQueue(const DeadLetterQueue::Poster &dlq, const RequestContext &ctx, std::function<void(DeadLetterQueue &)> fn)
{
    if (!dlq)
        return ctx.replyError(Error::unavailable(QStringLiteral("The dead-letter queue is not running.")));
    dlq(std::move(fn));
}

// Runs `fn` on the DLQ's thread with the entry of the path's {id}: 404 when there is none or it
// belongs to a project outside the caller's scope.
void onEntry(const DeadLetterQueue::Poster &dlq, const RequestContext &ctx,
             std::function<void(DeadLetterQueue &, const DeadLetterEntry &)> fn)
{
    const QString id = ctx.param(QStringLiteral("id"));
    onQueue(dlq, ctx, [ctx, id, fn = std::move(fn)](DeadLetterQueue &q) {
        auto e = q.entry(id);
        if (!e.ok())
            return ctx.replyError(e.error());
        if (!e.value() || !inScope(ctx, e.value()->projectId))
            return ctx.replyError(Error::notFound(QStringLiteral("No DLQ entry with id %1").arg(id)));
        fn(q, *e.value());
    });
}

Result<QJsonObject> bulkBody(const RequestContext &ctx, DlqFilter *filter, const RequestContext *scopeOf)
{
    auto body = ctx.jsonObjectBody(QStringLiteral("a DLQ selection ({\"ids\": [...]}, {\"filter\": {...}} or {\"all\": true})"));
    if (!body.ok())
        return body.error();
    auto f = DlqRoutes::filterFromBody(*body);
    if (!f.ok())
        return f.error();
    *filter = f.value();
    filter->restrictToProjects(scope(*scopeOf));
    return body;
}

void list(const DeadLetterQueue::Poster &dlq, const RequestContext &ctx)
{
    auto filter = DlqRoutes::filterFromQuery(ctx);
    if (!filter.ok())
        return ctx.replyError(filter.error());
    auto start = ctx.queryInt(QStringLiteral("start"), 0);
    auto size = ctx.queryInt(QStringLiteral("size"), DlqRoutes::kDefaultPageSize);
    if (!start.ok() || !size.ok())
        return ctx.replyError(start.ok() ? size.error() : start.error());
    if (*start < 0 || *size < 0 || *size > DeadLetterQueue::kMaxPageSize)
        return ctx.replyError(400, QStringLiteral("start must be >= 0 and size between 0 and %1").arg(DeadLetterQueue::kMaxPageSize),
                              {{QStringLiteral("size"), QStringLiteral("out of range"), *size}});
    onQueue(dlq, ctx, [ctx, f = filter.value(), start = *start, size = *size](DeadLetterQueue &q) {
        auto r = q.list(f, start, size);
        r.ok() ? ctx.replyJson(r.value()) : ctx.replyError(r.error());
    });
}

void get(const DeadLetterQueue::Poster &dlq, const RequestContext &ctx)
{
    onEntry(dlq, ctx, [ctx](DeadLetterQueue &, const DeadLetterEntry &entry) { ctx.replyJson(entry.toJson()); });
}

void stats(const DeadLetterQueue::Poster &dlq, const RequestContext &ctx)
{
    onQueue(dlq, ctx, [ctx](DeadLetterQueue &q) {
        auto s = q.stats();
        s.ok() ? ctx.replyJson(s.value()) : ctx.replyError(s.error());
    });
}

void replayOne(const DeadLetterQueue::Poster &dlq, const RequestContext &ctx)
{
    onEntry(dlq, ctx, [ctx](DeadLetterQueue &q, const DeadLetterEntry &entry) {
        q.replay(entry.id, caller(ctx), [ctx](Result<QJsonObject> r) { r.ok() ? ctx.replyJson(r.value()) : ctx.replyError(r.error()); });
    });
}

void replayMany(const DeadLetterQueue::Poster &dlq, const RequestContext &ctx)
{
    DlqFilter filter;
    auto body = bulkBody(ctx, &filter, &ctx);
    if (!body.ok())
        return ctx.replyError(body.error());
    const QJsonValue rate = body->value(QStringLiteral("ratePerSecond"));
    if (!rate.isUndefined() && !rate.isNull() && !rate.isDouble())
        return ctx.replyError(400, QStringLiteral("ratePerSecond must be a number (0 = no limit)"),
                              {{QStringLiteral("ratePerSecond"), QStringLiteral("must be a number"), rate}});
    const QJsonValue dry = body->value(QStringLiteral("dryRun"));
    if (!dry.isUndefined() && !dry.isNull() && !dry.isBool())
        return ctx.replyError(400, QStringLiteral("dryRun must be true or false"), {{QStringLiteral("dryRun"), QStringLiteral("must be a boolean"), dry}});
    onQueue(dlq, ctx, [ctx, filter, rate = rate.toDouble(0), dryRun = dry.toBool(false)](DeadLetterQueue &q) {
        auto r = q.replayMatching(filter, rate, dryRun, caller(ctx));
        r.ok() ? ctx.replyJson(r.value()) : ctx.replyError(r.error());
    });
}

void purge(const DeadLetterQueue::Poster &dlq, const RequestContext &ctx)
{
    DlqFilter filter;
    auto body = bulkBody(ctx, &filter, &ctx);
    if (!body.ok())
        return ctx.replyError(body.error());
    const QJsonValue dry = body->value(QStringLiteral("dryRun"));
    if (!dry.isUndefined() && !dry.isNull() && !dry.isBool())
        return ctx.replyError(400, QStringLiteral("dryRun must be true or false"), {{QStringLiteral("dryRun"), QStringLiteral("must be a boolean"), dry}});
    onQueue(dlq, ctx, [ctx, filter, dryRun = dry.toBool(false)](DeadLetterQueue &q) {
        auto r = q.purge(filter, dryRun, caller(ctx));
        r.ok() ? ctx.replyJson(r.value()) : ctx.replyError(r.error());
    });
}

void remove(const DeadLetterQueue::Poster &dlq, const RequestContext &ctx)
{
    onEntry(dlq, ctx, [ctx](DeadLetterQueue &q, const DeadLetterEntry &entry) {
        auto r = q.remove(entry.id, caller(ctx));
        r.ok() ? ctx.replyEmpty() : ctx.replyError(r.error());
    });
}

} // namespace

Result<DlqFilter> DlqRoutes::filterFromQuery(const RequestContext &ctx)
{
    QJsonObject json;
    for (const QString &key : kFilterKeys) {
        const QStringList values = ctx.queryList(key);
        if (values.isEmpty())
            continue;
        if (key == QLatin1String("workflowId") || key == QLatin1String("from") || key == QLatin1String("to")
            || key == QLatin1String("text"))
            json.insert(key, ctx.queryString(key)); // single values (text may contain commas)
        else
            json.insert(key, QJsonArray::fromStringList(values));
    }
    auto filter = DlqFilter::fromJson(json);
    if (!filter.ok())
        return filter.error();
    // Asking for another project is refused, as on the other lists (docs/security.md), rather
    // than answered with an empty page.
    for (const QString &p : std::as_const(filter->projects))
        if (!ctx.allowsProject(p))
            return ctx.outOfScope(QStringLiteral("the DLQ entries asked for"), p);
    filter->restrictToProjects(scope(ctx));
    return filter;
}

Result<DlqFilter> DlqRoutes::filterFromBody(const QJsonObject &body)
{
    QJsonObject json;
    const QJsonValue nested = body.value(QStringLiteral("filter"));
    if (nested.isObject()) {
        json = nested.toObject();
    } else if (!nested.isUndefined() && !nested.isNull()) {
        return Error::invalid(QStringLiteral("filter must be an object"), {{QStringLiteral("filter"), QStringLiteral("must be an object"), nested}});
    } else {
        for (auto it = body.begin(); it != body.end(); ++it)
            if (kFilterKeys.contains(it.key()))
                json.insert(it.key(), it.value());
    }
    if (body.contains(QStringLiteral("ids")))
        json.insert(QStringLiteral("ids"), body.value(QStringLiteral("ids")));
    for (auto it = body.begin(); it != body.end(); ++it)
        if (!kFilterKeys.contains(it.key()) && !kControlKeys.contains(it.key()))
            return Error::invalid(QStringLiteral("'%1' is not a field of a DLQ selection (fields: %2)")
                                      .arg(it.key(), (kFilterKeys + kControlKeys).join(QStringLiteral(", "))),
                                  {{it.key(), QStringLiteral("unknown field"), it.value()}});
    const QJsonValue all = body.value(QStringLiteral("all"));
    if (!all.isUndefined() && !all.isNull() && !all.isBool())
        return Error::invalid(QStringLiteral("all must be true or false"), {{QStringLiteral("all"), QStringLiteral("must be a boolean"), all}});
    auto filter = DlqFilter::fromJson(json, nested.isObject() ? QStringLiteral("filter") : QString());
    if (!filter.ok())
        return filter.error();
    // An explicit status ({"status": "REPLAYED"}) is a selection; an empty one needs "all": true.
    if (filter->selectsAllOfStatus() && !all.toBool(false) && !json.contains(QStringLiteral("status")))
        return Error::invalid(QStringLiteral("Select the entries: give \"ids\", a \"filter\" (taskType, projectId, reason, "
                                             "status, workflowId, from, to, text) or \"all\": true."));
    return filter;
}

void DlqRoutes::registerRoutes(ApiRouter &router, DeadLetterQueue::Poster dlq)
{
    const QString tag = QStringLiteral("dlq");
    const QStringList reasons = DlqFilter::reasonNames();
    const QStringList statuses{QStringLiteral("DEAD"), QStringLiteral("REPLAYING"), QStringLiteral("REPLAYED"), QStringLiteral("ALL")};
    const QString selection = QStringLiteral(
        "{\"ids\": [...]} and/or {\"filter\": {taskType, projectId, reason, status, workflowId, from, to, text}} (or the "
        "filter's fields at the top level), or {\"all\": true}; plus \"dryRun\" (and \"ratePerSecond\" for replays)");

    router.add("GET", QStringLiteral("/api/dlq"), Access::Viewer, [dlq](const RequestContext &ctx) { list(dlq, ctx); })
        .summary(QStringLiteral("List dead-lettered tasks"))
        .description(QStringLiteral("Entry summaries, newest failure first. Lists may repeat a parameter or use commas. "
                                    "A token limited to projects sees only their entries."))
        .tag(tag)
        .query(QStringLiteral("taskType"), QStringLiteral("string"), QStringLiteral("task types"))
        .query(QStringLiteral("projectId"), QStringLiteral("string"), QStringLiteral("projects"))
        .query(QStringLiteral("reason"), QStringLiteral("string"), QStringLiteral("reason classes"), reasons)
        .query(QStringLiteral("status"), QStringLiteral("string"), QStringLiteral("entry status (default DEAD)"), statuses)
        .query(QStringLiteral("workflowId"), QStringLiteral("string"), QStringLiteral("one workflow"))
        .query(QStringLiteral("from"), QStringLiteral("string"), QStringLiteral("last failure at or after (ms or ISO-8601)"))
        .query(QStringLiteral("to"), QStringLiteral("string"), QStringLiteral("last failure before (ms or ISO-8601)"))
        .query(QStringLiteral("text"), QStringLiteral("string"), QStringLiteral("case-insensitive text in ids, message and errors"))
        .paged()
        .allowScoped()
        .response(400, QStringLiteral("a bad filter or paging parameter"));
    router.add("GET", QStringLiteral("/api/dlq/stats"), Access::Viewer, [dlq](const RequestContext &ctx) { stats(dlq, ctx); })
        .summary(QStringLiteral("DLQ statistics"))
        .description(QStringLiteral("Depth, composition by type/reason/project/status, oldest age, inflow and outflow "
                                    "rates, lifetime totals, replay jobs, alert and webhook state."))
        .tag(tag)
        .response(200, QStringLiteral("the statistics"));
    router.add("GET", QStringLiteral("/api/dlq/{id}"), Access::Viewer, [dlq](const RequestContext &ctx) { get(dlq, ctx); })
        .summary(QStringLiteral("One DLQ entry"))
        .description(QStringLiteral("The task snapshot and input, every attempt (time, worker, duration, error, output "
                                    "excerpt), the reason class and the replay history."))
        .tag(tag)
        .allowScoped()
        .response(200, QStringLiteral("the entry"))
        .response(404, QStringLiteral("no such entry"));
    router.add("POST", QStringLiteral("/api/dlq/{id}/replay"), Access::Operator,
               [dlq](const RequestContext &ctx) { replayOne(dlq, ctx); })
        .summary(QStringLiteral("Replay one DLQ entry"))
        .description(QStringLiteral("A new attempt of the task in the same workflow; answered once it is committed."))
        .tag(tag)
        .allowScoped()
        .response(200, QStringLiteral("{entry, newTaskId}"))
        .response(404, QStringLiteral("no such entry"))
        .response(409, QStringLiteral("the entry is not DEAD, or the engine refused the replay"));
    router.add("POST", QStringLiteral("/api/dlq/replay"), Access::Operator, [dlq](const RequestContext &ctx) { replayMany(dlq, ctx); })
        .summary(QStringLiteral("Replay DLQ entries in bulk"))
        .description(QStringLiteral("Replays the DEAD entries selected, oldest first, at most ratePerSecond per second "
                                    "(0 = at once), as a background job; dryRun only counts them."))
        .tag(tag)
        .body(selection)
        .allowScoped()
        .response(200, QStringLiteral("{matched, dryRun, ratePerSecond, estimatedSeconds, filter, jobId}"))
        .response(400, QStringLiteral("no selection, or a bad filter or rate"));
    router.add("DELETE", QStringLiteral("/api/dlq/{id}"), Access::Admin, [dlq](const RequestContext &ctx) { remove(dlq, ctx); })
        .summary(QStringLiteral("Delete one DLQ entry"))
        .tag(tag)
        .allowScoped()
        .response(200, QStringLiteral("deleted"), QString())
        .response(404, QStringLiteral("no such entry"));
    router.add("POST", QStringLiteral("/api/dlq/purge"), Access::Admin, [dlq](const RequestContext &ctx) { purge(dlq, ctx); })
        .summary(QStringLiteral("Purge DLQ entries"))
        .description(QStringLiteral("Deletes the selected entries (status DEAD unless given); dryRun only counts them."))
        .tag(tag)
        .body(selection)
        .allowScoped()
        .response(200, QStringLiteral("{matched, purged, dryRun, filter}"))
        .response(400, QStringLiteral("no selection, or a bad filter"));
}

} // namespace orrery
