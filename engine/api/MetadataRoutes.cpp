#include "MetadataRoutes.h"

#include "ApiRouter.h"
#include "EngineReply.h"

#include "workflow/DefinitionChecker.h"
#include "workflow/Engine.h"

namespace orrery {

namespace {

// Parses every element of a POSTed/PUT array of definitions, collecting all problems with their
// "[i].field" paths.
template<typename Def>
QList<Def> parseDefinitions(const QJsonArray &array, const QString &what, QList<FieldError> &errors)
{
    QList<Def> defs;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue v = array.at(i);
        const QString path = QStringLiteral("[%1]").arg(i);
        if (!v.isObject()) {
            errors.append({path, QStringLiteral("must be ") + what, v});
            continue;
        }
        defs.append(Def::parse(v.toObject(), path, errors));
    }
    return defs;
}


const QString kValidationFailed = QStringLiteral("Validation failed, check below errors for detail.");

// POST /api/metadata/taskdefs: a JSON array of TaskDef, upserted.
void registerTaskDefs(Engine *engine, const RequestContext &ctx)
{
    auto body = ctx.jsonArrayBody(QStringLiteral("a list of task definitions"));
    if (!body.ok())
        return ctx.replyError(body.error());
    if (body->isEmpty())
        return ctx.replyError(400, QStringLiteral("The list of task definitions is empty; send at least one."));
    QList<FieldError> errors;
    QList<TaskDef> defs = parseDefinitions<TaskDef>(*body, QStringLiteral("a task definition object"), errors);
    if (!errors.isEmpty())
        return ctx.replyError(400, kValidationFailed, errors);
    engine->registerTaskDefs(std::move(defs), answerEmpty(ctx));
}

// PUT /api/metadata/taskdefs: one TaskDef, upserted (Orkes behaviour, spec §3).
void updateTaskDef(Engine *engine, const RequestContext &ctx)
{
    auto body = ctx.jsonObjectBody(QStringLiteral("a task definition"));
    if (!body.ok())
        return ctx.replyError(body.error());
    auto def = TaskDef::fromJson(*body);
    if (!def.ok())
        return ctx.replyError(def.error());
    engine->updateTaskDef(std::move(def).value(), answerEmpty(ctx));
}

// POST /api/metadata/workflow?overwrite=: one WorkflowDef; 409 if it exists unless overwrite.
void registerWorkflowDef(Engine *engine, const RequestContext &ctx)
{
    auto overwrite = ctx.queryBool(QStringLiteral("overwrite"), false);
    if (!overwrite.ok())
        return ctx.replyError(overwrite.error());
    auto body = ctx.jsonObjectBody(QStringLiteral("a workflow definition"));
    if (!body.ok())
        return ctx.replyError(body.error());
    auto def = WorkflowDef::fromJson(*body);
    if (!def.ok())
        return ctx.replyError(def.error());
    engine->registerWorkflowDef(std::move(def).value(), *overwrite, answerEmpty(ctx));
}

// PUT /api/metadata/workflow: a JSON array of WorkflowDef, each upserted -> BulkResponse.
void upsertWorkflowDefs(Engine *engine, const RequestContext &ctx)
{
    auto body = ctx.jsonArrayBody(QStringLiteral("a list of workflow definitions"));
    if (!body.ok())
        return ctx.replyError(body.error());
    QList<FieldError> errors;
    QList<WorkflowDef> defs = parseDefinitions<WorkflowDef>(*body, QStringLiteral("a workflow definition object"), errors);
    if (!errors.isEmpty())
        return ctx.replyError(400, kValidationFailed, errors);
    engine->upsertWorkflowDefs(std::move(defs), answerWith<BulkResponse>(ctx, [](const RequestContext &c, const BulkResponse &r) {
                                   c.replyJson(r.toJson());
                               }));
}

// POST /api/metadata/workflow/validate: 200 (void) or 400 with validationErrors.
void validateWorkflowDef(const RequestContext &ctx)
{
    auto body = ctx.jsonObjectBody(QStringLiteral("a workflow definition"));
    if (!body.ok())
        return ctx.replyError(body.error());
    auto def = WorkflowDef::fromJson(*body);
    if (!def.ok())
        return ctx.replyError(def.error());
    if (auto checked = DefinitionChecker::validate(def.value()); !checked.ok())
        return ctx.replyError(checked.error());
    ctx.replyEmpty();
}

void workflowDef(Engine *engine, const RequestContext &ctx)
{
    auto version = ctx.queryOptionalInt(QStringLiteral("version"));
    if (!version.ok())
        return ctx.replyError(version.error());
    engine->workflowDef(ctx.param(QStringLiteral("name")), *version,
                        answerWith<QJsonObject>(ctx, [](const RequestContext &c, const QJsonObject &o) { c.replyJson(o); }));
}

void removeWorkflowDef(Engine *engine, const RequestContext &ctx)
{
    bool ok = false;
    const QString raw = ctx.param(QStringLiteral("version"));
    const int version = raw.toInt(&ok);
    if (!ok)
        return ctx.replyError(400, QStringLiteral("Workflow version must be an integer, got '%1'.").arg(raw),
                              {{QStringLiteral("version"), QStringLiteral("must be an integer"), raw}});
    engine->removeWorkflowDef(ctx.param(QStringLiteral("name")), version, answerEmpty(ctx));
}

} // namespace

void MetadataRoutes::registerRoutes(ApiRouter &router, Engine *engine)
{
    const auto jsonObject = [](const RequestContext &c, const QJsonObject &o) { c.replyJson(o); };
    const auto jsonArray = [](const RequestContext &c, const QJsonArray &a) { c.replyJson(a); };
    const QString tag = QStringLiteral("metadata");
    const QString name = QStringLiteral("name");

    // Definitions are shared by every project: reads are open to scoped tokens, changes are not.
    router.add("POST", QStringLiteral("/api/metadata/taskdefs"), Access::Admin,
               [engine](const RequestContext &ctx) { registerTaskDefs(engine, ctx); })
        .summary(QStringLiteral("Register task definitions (upsert)"))
        .tag(tag)
        .body(QStringLiteral("a JSON array of TaskDef (at least one)"))
        .response(200, QStringLiteral("empty"), {})
        .response(400, QStringLiteral("validationErrors with the path of each bad field ([i].field)"));
    router.add("PUT", QStringLiteral("/api/metadata/taskdefs"), Access::Admin,
               [engine](const RequestContext &ctx) { updateTaskDef(engine, ctx); })
        .summary(QStringLiteral("Update a task definition (upsert)"))
        .tag(tag)
        .body(QStringLiteral("one TaskDef"))
        .response(200, QStringLiteral("empty"), {});
    router.add("GET", QStringLiteral("/api/metadata/taskdefs"), Access::Viewer,
               [engine, jsonArray](const RequestContext &ctx) { engine->taskDefs(answerWith<QJsonArray>(ctx, jsonArray)); })
        .summary(QStringLiteral("List task definitions"))
        .tag(tag)
        .allowScoped()
        .response(200, QStringLiteral("[TaskDef]"));
    router.add("GET", QStringLiteral("/api/metadata/taskdefs/{name}"), Access::Viewer,
               [engine, jsonObject](const RequestContext &ctx) {
                   engine->taskDef(ctx.param(QStringLiteral("name")), answerWith<QJsonObject>(ctx, jsonObject));
               })
        .summary(QStringLiteral("Get a task definition"))
        .tag(tag)
        .allowScoped()
        .pathParam(name, QStringLiteral("Task definition name."))
        .response(200, QStringLiteral("TaskDef"))
        .response(404, QStringLiteral("unknown name"));
    router.add("DELETE", QStringLiteral("/api/metadata/taskdefs/{name}"), Access::Admin,
               [engine](const RequestContext &ctx) { engine->removeTaskDef(ctx.param(QStringLiteral("name")), answerEmpty(ctx)); })
        .summary(QStringLiteral("Delete a task definition"))
        .tag(tag)
        .pathParam(name, QStringLiteral("Task definition name."))
        .response(200, QStringLiteral("empty"), {})
        .response(404, QStringLiteral("unknown name"));

    router.add("POST", QStringLiteral("/api/metadata/workflow"), Access::Admin,
               [engine](const RequestContext &ctx) { registerWorkflowDef(engine, ctx); })
        .summary(QStringLiteral("Register a workflow definition"))
        .tag(tag)
        .query(QStringLiteral("overwrite"), QStringLiteral("boolean"), QStringLiteral("Replace an existing name+version (default false: 409)."))
        .body(QStringLiteral("one WorkflowDef"))
        .response(200, QStringLiteral("empty"), {})
        .response(409, QStringLiteral("name+version exists"));
    router.add("PUT", QStringLiteral("/api/metadata/workflow"), Access::Admin,
               [engine](const RequestContext &ctx) { upsertWorkflowDefs(engine, ctx); })
        .summary(QStringLiteral("Upsert workflow definitions"))
        .tag(tag)
        .body(QStringLiteral("a JSON array of WorkflowDef"))
        .response(200, QStringLiteral("BulkResponse {bulkSuccessfulResults, bulkErrorResults}"));
    router.add("GET", QStringLiteral("/api/metadata/workflow"), Access::Viewer,
               [engine, jsonArray](const RequestContext &ctx) { engine->workflowDefs(answerWith<QJsonArray>(ctx, jsonArray)); })
        .summary(QStringLiteral("List workflow definitions (all versions)"))
        .tag(tag)
        .allowScoped()
        .response(200, QStringLiteral("[WorkflowDef]"));
    router.add("POST", QStringLiteral("/api/metadata/workflow/validate"), Access::Viewer,
               [](const RequestContext &ctx) { validateWorkflowDef(ctx); })
        .summary(QStringLiteral("Validate a workflow definition"))
        .tag(tag)
        .allowScoped()
        .noAudit()
        .body(QStringLiteral("one WorkflowDef"))
        .response(200, QStringLiteral("valid"), {})
        .response(400, QStringLiteral("validationErrors"));
    router.add("GET", QStringLiteral("/api/metadata/workflow/{name}"), Access::Viewer,
               [engine](const RequestContext &ctx) { workflowDef(engine, ctx); })
        .summary(QStringLiteral("Get a workflow definition"))
        .tag(tag)
        .allowScoped()
        .pathParam(name, QStringLiteral("Workflow name."))
        .query(QStringLiteral("version"), QStringLiteral("integer"), QStringLiteral("Version (default: latest)."))
        .response(200, QStringLiteral("WorkflowDef"))
        .response(404, QStringLiteral("unknown name or version"));
    router.add("DELETE", QStringLiteral("/api/metadata/workflow/{name}/{version}"), Access::Admin,
               [engine](const RequestContext &ctx) { removeWorkflowDef(engine, ctx); })
        .summary(QStringLiteral("Delete a workflow definition version"))
        .tag(tag)
        .pathParam(name, QStringLiteral("Workflow name."))
        .pathParam(QStringLiteral("version"), QStringLiteral("Version (an integer)."))
        .response(200, QStringLiteral("empty"), {})
        .response(404, QStringLiteral("unknown name or version"));
}

} // namespace orrery
