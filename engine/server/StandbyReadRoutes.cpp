#include "StandbyReadRoutes.h"

#include "api/ApiRouter.h"
#include "api/ApiServices.h"
#include "store/Store.h"
#include "workflow/MetadataRegistry.h"

#include <QJsonArray>

namespace orrery {

namespace {

using Read = std::function<void(const RequestContext &ctx, Store *store)>;

// Runs `read` on a query thread (Store reads block; the store keeps one reader connection per thread).
void onQueryThread(const ApiServices &s, const RequestContext &ctx, Store *store, Read read)
{
    ApiServices::query(s.queries, ctx, [ctx, store, read = std::move(read)](QueryExecutor::Connection &) { read(ctx, store); });
}

// The stored workflow of the {workflowId} parameter, if the caller may see it; otherwise answers.
std::optional<WorkflowRecord> readWorkflow(const RequestContext &ctx, Store *store, const QString &workflowId)
{
    auto rec = store->loadWorkflow(workflowId);
    if (!rec.ok()) {
        ctx.replyError(rec.error());
        return std::nullopt;
    }
    if (!rec.value()) {
        ctx.replyError(Error::notFound(QStringLiteral("Workflow with id: %1 not found.").arg(workflowId)));
        return std::nullopt;
    }
    const QString project = rec.value()->workflow.projectId;
    if (!ctx.allowsProject(project)) {
        ctx.replyError(ctx.outOfScope(QStringLiteral("workflow %1").arg(workflowId), project));
        return std::nullopt;
    }
    return *rec.value();
}

// The stored task of the {taskId} parameter as JSON, if the caller may see it; otherwise answers.
std::optional<QJsonObject> readTask(const RequestContext &ctx, Store *store, const QString &taskId)
{
    auto rec = store->loadTask(taskId);
    if (!rec.ok()) {
        ctx.replyError(rec.error());
        return std::nullopt;
    }
    if (!rec.value()) {
        ctx.replyError(Error::notFound(QStringLiteral("Task not found for taskId: %1").arg(taskId)));
        return std::nullopt;
    }
    // A stored task row carries no workflowTask; its workflow's tasks do (the active answers a
    // task of a running workflow from memory, with it).
    QJsonObject task = rec.value()->toJson();
    if (auto wf = store->loadWorkflow(rec.value()->workflowInstanceId); wf.ok() && wf.value()) {
        for (const Task &t : wf.value()->tasks)
            if (t.taskId == taskId)
                task = t.toJson();
    }
    const QString project = task.value(QStringLiteral("projectId")).toString();
    if (!ctx.allowsProject(project)) {
        ctx.replyError(ctx.outOfScope(QStringLiteral("task %1").arg(taskId), project));
        return std::nullopt;
    }
    return task;
}

Result<QJsonArray> logsJson(Store *store, const QString &taskId)
{
    auto logs = store->loadTaskLogs(taskId);
    if (!logs.ok())
        return logs.error();
    QJsonArray out;
    for (const TaskLog &l : logs.value())
        out.append(QJsonObject{{QStringLiteral("log"), l.log},
                               {QStringLiteral("taskId"), l.taskId},
                               {QStringLiteral("createdTime"), l.createdTime}});
    return out;
}

Result<MetadataRegistry> loadMetadata(Store *store)
{
    MetadataRegistry registry;
    auto tasks = store->loadTaskDefs();
    if (!tasks.ok())
        return tasks.error();
    for (const TaskDef &d : tasks.value())
        registry.putTaskDef(d);
    auto workflows = store->loadWorkflowDefs();
    if (!workflows.ok())
        return workflows.error();
    for (const WorkflowDef &d : workflows.value())
        registry.putWorkflowDef(d);
    return registry;
}

void getWorkflow(const RequestContext &ctx, Store *store, bool statusOnly)
{
    auto id = ctx.idParam(QStringLiteral("workflowId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    auto includeTasks = ctx.queryBool(QStringLiteral("includeTasks"), true);
    auto output = ctx.queryBool(QStringLiteral("includeOutput"), false);
    auto variables = ctx.queryBool(QStringLiteral("includeVariables"), false);
    for (const Result<bool> *flag : {&includeTasks, &output, &variables})
        if (!flag->ok())
            return ctx.replyError(flag->error());
    const auto rec = readWorkflow(ctx, store, *id);
    if (!rec)
        return;
    const QJsonObject wf = rec->workflow.toJson(!statusOnly && *includeTasks ? rec->tasks : QList<Task>());
    if (!statusOnly)
        return ctx.replyJson(wf);
    // As the active's GET /api/workflow/{id}/status.
    QJsonObject o{{QStringLiteral("workflowId"), wf.value(QStringLiteral("workflowId"))},
                  {QStringLiteral("status"), wf.value(QStringLiteral("status"))}};
    if (wf.contains(QStringLiteral("correlationId")))
        o.insert(QStringLiteral("correlationId"), wf.value(QStringLiteral("correlationId")));
    if (*output)
        o.insert(QStringLiteral("output"), wf.value(QStringLiteral("output")).toObject());
    if (*variables)
        o.insert(QStringLiteral("variables"), wf.value(QStringLiteral("variables")).toObject());
    ctx.replyJson(o);
}

void getTask(const RequestContext &ctx, Store *store)
{
    auto id = ctx.idParam(QStringLiteral("taskId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    auto include = ctx.queryEnumList(QStringLiteral("include"), {QStringLiteral("attempts"), QStringLiteral("logs")});
    if (!include.ok())
        return ctx.replyError(include.error());
    auto task = readTask(ctx, store, *id);
    if (!task)
        return;
    if (include->contains(QStringLiteral("attempts"))) {
        // Every attempt of the task's reference, oldest first (as on the active).
        QJsonArray all;
        auto rec = store->loadWorkflow(task->value(QStringLiteral("workflowInstanceId")).toString());
        if (rec.ok() && rec.value()) {
            const QString ref = task->value(QStringLiteral("referenceTaskName")).toString();
            for (const Task &t : rec.value()->tasks) {
                if (t.referenceTaskName != ref)
                    continue;
                QJsonObject o = t.toJson();
                o.remove(QStringLiteral("workflowTask"));
                all.append(o);
            }
        }
        task->insert(QStringLiteral("attempts"), all);
    }
    if (include->contains(QStringLiteral("logs"))) {
        auto logs = logsJson(store, *id);
        task->insert(QStringLiteral("logs"), logs.ok() ? logs.value() : QJsonArray());
    }
    ctx.replyJson(*task);
}

void getTaskLogs(const RequestContext &ctx, Store *store)
{
    auto id = ctx.idParam(QStringLiteral("taskId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    if (!ctx.scopeProjects().isEmpty() && !readTask(ctx, store, *id))
        return;
    auto logs = logsJson(store, *id);
    if (!logs.ok())
        return ctx.replyError(logs.error());
    if (logs->isEmpty())
        return ctx.replyNoContent();
    ctx.replyJson(*logs);
}

void getMetadata(const RequestContext &ctx, Store *store, bool workflows, bool one)
{
    std::optional<int> version;
    if (workflows && one) {
        auto v = ctx.queryOptionalInt(QStringLiteral("version"));
        if (!v.ok())
            return ctx.replyError(v.error());
        version = *v;
    }
    auto registry = loadMetadata(store);
    if (!registry.ok())
        return ctx.replyError(registry.error());
    const QString name = ctx.param(QStringLiteral("name"));
    if (!one)
        return ctx.replyJson(workflows ? registry->workflowDefsJson() : registry->taskDefsJson());
    if (!workflows) {
        if (const TaskDef *def = registry->taskDef(name))
            return ctx.replyJson(def->toJson());
        return ctx.replyError(Error::notFound(QStringLiteral("No such taskType found by name: %1").arg(name)));
    }
    if (WorkflowDefPtr def = registry->workflowDef(name, version))
        return ctx.replyJson(def->toJson());
    ctx.replyError(Error::notFound(QStringLiteral("No such workflow found by name: %1, version: %2")
                                       .arg(name, version ? QString::number(*version) : QStringLiteral("null"))));
}

} // namespace

bool StandbyReadRoutes::keeps(const QByteArray &method, const QString &pattern)
{
    static const QStringList kept{
        QStringLiteral("/api/tasks"),           QStringLiteral("/api/workflow/search"), QStringLiteral("/api/workflow/running/{name}"),
        QStringLiteral("/api/audit"),           QStringLiteral("/api/token/me"),        QStringLiteral("/api/tokens"),
        QStringLiteral("/api/version"),         QStringLiteral("/readyz"),
    };
    return method == "GET" && kept.contains(pattern);
}

void StandbyReadRoutes::registerRoutes(ApiRouter &router, const ApiServices &services, Store *store)
{
    const ApiServices s = services;
    const QString tag = QStringLiteral("standby");
    const QString note = QStringLiteral("Served by a standby from the shared store (it may trail the active engine by a few ms).");
    auto add = [&](const QString &pattern, const QString &summary, Read read) {
        router.add("GET", pattern, Access::Viewer, [s, store, read](const RequestContext &ctx) { onQueryThread(s, ctx, store, read); })
            .summary(summary)
            .description(note)
            .tag(tag)
            .allowScoped();
    };
    add(QStringLiteral("/api/workflow/{workflowId}"), QStringLiteral("Get a workflow execution"),
        [](const RequestContext &ctx, Store *st) { getWorkflow(ctx, st, false); });
    add(QStringLiteral("/api/workflow/{workflowId}/status"), QStringLiteral("Get a workflow's status"),
        [](const RequestContext &ctx, Store *st) { getWorkflow(ctx, st, true); });
    add(QStringLiteral("/api/tasks/{taskId}"), QStringLiteral("Get a task"), getTask);
    add(QStringLiteral("/api/tasks/{taskId}/log"), QStringLiteral("Get a task's log"), getTaskLogs);
    add(QStringLiteral("/api/metadata/taskdefs"), QStringLiteral("Task definitions"),
        [](const RequestContext &ctx, Store *st) { getMetadata(ctx, st, false, false); });
    add(QStringLiteral("/api/metadata/taskdefs/{name}"), QStringLiteral("A task definition"),
        [](const RequestContext &ctx, Store *st) { getMetadata(ctx, st, false, true); });
    add(QStringLiteral("/api/metadata/workflow"), QStringLiteral("Workflow definitions"),
        [](const RequestContext &ctx, Store *st) { getMetadata(ctx, st, true, false); });
    add(QStringLiteral("/api/metadata/workflow/{name}"), QStringLiteral("A workflow definition"),
        [](const RequestContext &ctx, Store *st) { getMetadata(ctx, st, true, true); });
}

} // namespace orrery
