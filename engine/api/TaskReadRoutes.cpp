#include "TaskReadRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "EngineReply.h"
#include "TaskCursor.h"
#include "TaskQueries.h"
#include "WorkflowQueries.h"

#include "core/Status.h"
#include "workflow/Engine.h"

namespace orrery {

namespace {

const QString kTag = QStringLiteral("tasks");

QStringList taskStatuses()
{
    return {QStringLiteral("SCHEDULED"), QStringLiteral("IN_PROGRESS"), QStringLiteral("COMPLETED"),
            QStringLiteral("COMPLETED_WITH_ERRORS"), QStringLiteral("FAILED"), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"),
            QStringLiteral("TIMED_OUT"), QStringLiteral("CANCELED"), QStringLiteral("SKIPPED")};
}

// The projects a list may show: the caller's filter, checked against its scopes; the scopes
// when it gave none. nullopt = no restriction.
Result<std::optional<QStringList>> projectRestriction(const RequestContext &ctx)
{
    const QStringList asked = ctx.queryList(QStringLiteral("project"));
    const QStringList scopes = ctx.scopeProjects();
    for (const QString &p : asked) {
        if (!ctx.allowsProject(p))
            return ctx.outOfScope(QStringLiteral("the filter project=%1").arg(p), p);
    }
    if (!asked.isEmpty())
        return std::optional<QStringList>(asked);
    if (!scopes.isEmpty())
        return std::optional<QStringList>(scopes);
    return std::optional<QStringList>();
}

void listTasks(const ApiServices &s, const RequestContext &ctx)
{
    TaskListFilter f;
    auto statuses = ctx.queryEnumList(QStringLiteral("status"), taskStatuses());
    if (!statuses.ok())
        return ctx.replyError(statuses.error());
    f.statuses = *statuses;
    f.taskTypes = ctx.queryList(QStringLiteral("type"));
    f.workflowTypes = ctx.queryList(QStringLiteral("workflowType"));
    if (const QString wf = ctx.queryString(QStringLiteral("workflow")).trimmed(); !wf.isEmpty()) {
        if (!RequestContext::isValidId(wf))
            return ctx.replyError(400, QStringLiteral("Query parameter 'workflow' must be a workflow id."),
                                  {{QStringLiteral("workflow"), QStringLiteral("is not a valid id"), wf.left(200)}});
        f.workflowId = wf;
    }
    auto projects = projectRestriction(ctx);
    if (!projects.ok())
        return ctx.replyError(projects.error());
    if (*projects) {
        f.restrictToProjects = true;
        f.projects = **projects;
    }
    auto timeField = ctx.queryEnum(QStringLiteral("timeField"), {QStringLiteral("updateTime"), QStringLiteral("scheduledTime")},
                                   QStringLiteral("updateTime"));
    if (!timeField.ok())
        return ctx.replyError(timeField.error());
    f.timeColumn = *timeField == QLatin1String("scheduledTime") ? QStringLiteral("scheduled_time") : QStringLiteral("update_time");
    auto from = ctx.queryTime(QStringLiteral("from"));
    if (!from.ok())
        return ctx.replyError(from.error());
    auto to = ctx.queryTime(QStringLiteral("to"));
    if (!to.ok())
        return ctx.replyError(to.error());
    if (*from && *to && **from > **to)
        return ctx.replyError(400, QStringLiteral("Query parameter 'from' is after 'to'; swap them."),
                              {{QStringLiteral("from"), QStringLiteral("must not be after 'to'"), QString::number(**from)}});
    f.from = *from;
    f.to = *to;
    f.text = ctx.queryString(QStringLiteral("text")).trimmed().left(200);
    auto order = orderByFromSort(ctx.queryString(QStringLiteral("sort")), TaskQueries::sortColumns(),
                                 QStringLiteral("t.update_time DESC"));
    if (!order.ok())
        return ctx.replyError(order.error());
    f.orderBy = *order;
    auto paging = Paging::fromQuery(ctx);
    if (!paging.ok())
        return ctx.replyError(paging.error());
    f.paging = *paging;
    f.after = ctx.queryString(QStringLiteral("after")).trimmed();
    if (!f.after.isEmpty() && f.paging.start > 0)
        return ctx.replyError(400, QStringLiteral("Query parameters 'after' and 'start' exclude each other: a cursor already says "
                                                  "where the page starts; drop 'start'."),
                              {{QStringLiteral("start"), QStringLiteral("must be 0 with 'after'"), QString::number(f.paging.start)}});
    if (!f.after.isEmpty()) {
        if (auto cursor = TaskCursor::decode(f.after, f.orderBy); !cursor.ok())
            return ctx.replyError(cursor.error());
    }
    auto exact = ctx.queryBool(QStringLiteral("exactTotal"), false);
    if (!exact.ok())
        return ctx.replyError(exact.error());
    f.exactTotal = *exact;
    ApiServices::query(s.queries, ctx, [ctx, f](QueryExecutor::Connection &c) {
        auto page = TaskQueries::list(c.db, *c.backend, f);
        if (!page.ok()) {
            c.failed = true;
            return ctx.replyError(page.error());
        }
        ctx.replyJson(*page);
    });
}

// Adds "attempts" (every attempt of the task's reference, oldest first) and/or "logs".
void withExtras(Engine *engine, const RequestContext &ctx, QJsonObject task, bool attempts, bool logs)
{
    const QString taskId = task.value(QStringLiteral("taskId")).toString();
    auto addLogs = [engine, taskId, logs](const RequestContext &c, QJsonObject t) {
        if (!logs)
            return c.replyJson(t);
        engine->taskLogs(taskId, [c, t](Result<QJsonArray> entries) mutable {
            c.post([c, t, entries]() mutable {
                t.insert(QStringLiteral("logs"), entries.ok() ? entries.value() : QJsonArray());
                c.replyJson(t);
            });
        });
    };
    if (!attempts)
        return addLogs(ctx, task);
    const QString workflowId = task.value(QStringLiteral("workflowInstanceId")).toString();
    const QString ref = task.value(QStringLiteral("referenceTaskName")).toString();
    engine->workflow(workflowId, true, [ctx, task, ref, addLogs](Result<QJsonObject> wf) mutable {
        ctx.post([ctx, task, ref, addLogs, wf]() mutable {
            QJsonArray all;
            if (wf.ok()) {
                for (const QJsonValue &v : wf->value(QStringLiteral("tasks")).toArray()) {
                    QJsonObject t = v.toObject();
                    if (t.value(QStringLiteral("referenceTaskName")).toString() != ref)
                        continue;
                    t.remove(QStringLiteral("workflowTask"));
                    all.append(t);
                }
            }
            task.insert(QStringLiteral("attempts"), all);
            addLogs(ctx, task);
        });
    });
}

void getTask(Engine *engine, const RequestContext &ctx)
{
    auto id = ctx.idParam(QStringLiteral("taskId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    auto include = ctx.queryEnumList(QStringLiteral("include"), {QStringLiteral("attempts"), QStringLiteral("logs")});
    if (!include.ok())
        return ctx.replyError(include.error());
    const bool attempts = include->contains(QStringLiteral("attempts"));
    const bool logs = include->contains(QStringLiteral("logs"));
    engine->task(*id, answerWith<QJsonObject>(ctx, [engine, attempts, logs](const RequestContext &c, const QJsonObject &t) {
        const QString project = t.value(QStringLiteral("projectId")).toString();
        if (!c.allowsProject(project))
            return c.replyError(c.outOfScope(QStringLiteral("task %1").arg(t.value(QStringLiteral("taskId")).toString()), project));
        if (!attempts && !logs)
            return c.replyJson(t);
        withExtras(engine, c, t, attempts, logs);
    }));
}

void taskLogs(Engine *engine, const RequestContext &ctx)
{
    auto id = ctx.idParam(QStringLiteral("taskId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    auto answer = [engine, id = *id](const RequestContext &c) {
        engine->taskLogs(id, answerWith<QJsonArray>(c, [](const RequestContext &r, const QJsonArray &entries) {
            if (entries.isEmpty())
                r.replyNoContent();
            else
                r.replyJson(entries);
        }));
    };
    if (ctx.scopeProjects().isEmpty())
        return answer(ctx);
    engine->task(*id, answerWith<QJsonObject>(ctx, [answer, id = *id](const RequestContext &c, const QJsonObject &t) {
        const QString project = t.value(QStringLiteral("projectId")).toString();
        if (!c.allowsProject(project))
            return c.replyError(c.outOfScope(QStringLiteral("task %1").arg(id), project));
        answer(c);
    }));
}

} // namespace

void TaskReadRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    const ApiServices s = services;
    Engine *engine = services.engine;
    router.add("GET", QStringLiteral("/api/tasks"), Access::Viewer, [s](const RequestContext &ctx) { listTasks(s, ctx); })
        .summary(QStringLiteral("List task attempts"))
        .description(QStringLiteral("Every attempt of every task, filtered, sorted and paged, read from the store (it "
                                    "may trail the engine by a few milliseconds). Items are Conductor Tasks without "
                                    "their workflowTask."))
        .tag(kTag)
        .allowScoped()
        .query(QStringLiteral("status"), QStringLiteral("string"), QStringLiteral("Task statuses (repeat or comma-separate)."), taskStatuses())
        .query(QStringLiteral("type"), QStringLiteral("string"), QStringLiteral("Task types."))
        .query(QStringLiteral("project"), QStringLiteral("string"), QStringLiteral("Project ids of the tasks' workflows."))
        .query(QStringLiteral("workflow"), QStringLiteral("string"), QStringLiteral("A workflow id."))
        .query(QStringLiteral("workflowType"), QStringLiteral("string"), QStringLiteral("Workflow names."))
        .query(QStringLiteral("from"), QStringLiteral("string"), QStringLiteral("Earliest time (epoch ms or ISO-8601), inclusive."))
        .query(QStringLiteral("to"), QStringLiteral("string"), QStringLiteral("Latest time (epoch ms or ISO-8601), inclusive."))
        .query(QStringLiteral("timeField"), QStringLiteral("string"), QStringLiteral("Time the range applies to (default updateTime)."),
               {QStringLiteral("updateTime"), QStringLiteral("scheduledTime")})
        .query(QStringLiteral("text"), QStringLiteral("string"), QStringLiteral("Case-insensitive text found anywhere in the task (ids, input, output, reason, worker)."))
        .query(QStringLiteral("sort"), QStringLiteral("string"), QStringLiteral("field:ASC|DESC; fields updateTime (default, DESC), scheduledTime, taskType, status, referenceTaskName, workflowId, taskId."))
        .query(QStringLiteral("after"), QStringLiteral("string"),
               QStringLiteral("Cursor from a previous answer's nextAfter: the page after that one (keyset paging, as fast at any "
                              "depth; use instead of start, with the same sort)."))
        .query(QStringLiteral("exactTotal"), QStringLiteral("boolean"),
               QStringLiteral("Count every match (slow on large stores); by default counting stops at 10000 and totalHitsRelation "
                              "says gte."))
        .paged()
        .response(200, QStringLiteral("{totalHits, totalHitsRelation: eq|gte, results: [Task], start, size, nextAfter?}"));
    router.add("GET", QStringLiteral("/api/tasks/{taskId}"), Access::Viewer,
               [engine](const RequestContext &ctx) { getTask(engine, ctx); })
        .summary(QStringLiteral("Get a task"))
        .description(QStringLiteral("Conductor's Task. With include=attempts it adds `attempts` (every attempt of the "
                                    "same reference in the workflow, oldest first); with include=logs it adds `logs`."))
        .tag(kTag)
        .allowScoped()
        .pathParam(QStringLiteral("taskId"), QStringLiteral("Task id."))
        .query(QStringLiteral("include"), QStringLiteral("string"), QStringLiteral("Extras to add."),
               {QStringLiteral("attempts"), QStringLiteral("logs")})
        .response(200, QStringLiteral("Task"))
        .response(404, QStringLiteral("unknown task"));
    router.add("GET", QStringLiteral("/api/tasks/{taskId}/log"), Access::Viewer,
               [engine](const RequestContext &ctx) { taskLogs(engine, ctx); })
        .summary(QStringLiteral("Get a task's execution log"))
        .tag(kTag)
        .allowScoped()
        .pathParam(QStringLiteral("taskId"), QStringLiteral("Task id."))
        .response(200, QStringLiteral("[TaskExecLog {log, taskId, createdTime}]"))
        .response(204, QStringLiteral("no log lines"), {});
}

} // namespace orrery
