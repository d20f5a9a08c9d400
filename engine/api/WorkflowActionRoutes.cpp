#include "WorkflowActionRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "EngineReply.h"

#include "workflow/Engine.h"

namespace orrery {

namespace {

const QString kTag = QStringLiteral("workflows");

// SkipTaskRequest {taskInput?, taskOutput?}; no body at all is a skip without either.
Result<SkipTaskRequest> parseSkip(const RequestContext &ctx)
{
    SkipTaskRequest r;
    if (ctx.request().body.trimmed().isEmpty())
        return r;
    auto body = ctx.jsonObjectBody(QStringLiteral("a SkipTaskRequest {taskInput, taskOutput}"));
    if (!body.ok())
        return body.error();
    QList<FieldError> errors;
    const auto object = [&](const char *field, std::optional<QJsonObject> &into) {
        const QJsonValue v = body->value(QLatin1String(field));
        if (v.isUndefined() || v.isNull())
            return;
        if (v.isObject())
            into = v.toObject();
        else
            errors.append({QString::fromLatin1(field), QStringLiteral("must be a JSON object"), v});
    };
    object("taskInput", r.taskInput);
    object("taskOutput", r.taskOutput);
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Invalid SkipTaskRequest"), errors);
    return r;
}

void terminateRemove(Engine *engine, const RequestContext &ctx)
{
    auto id = ctx.idParam(QStringLiteral("workflowId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    // Orrery keeps no separate archive: the execution is removed either way (checked for typos).
    auto archive = ctx.queryBool(QStringLiteral("archiveWorkflow"), true);
    if (!archive.ok())
        return ctx.replyError(archive.error());
    engine->terminateAndRemove(*id, ctx.queryString(QStringLiteral("reason")), answerEmpty(ctx));
}

void skipTask(Engine *engine, const RequestContext &ctx)
{
    auto id = ctx.idParam(QStringLiteral("workflowId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    auto request = parseSkip(ctx);
    if (!request.ok())
        return ctx.replyError(request.error());
    engine->skipTask(*id, ctx.param(QStringLiteral("taskReferenceName")), *request, answerEmpty(ctx));
}

void resetCallbacks(Engine *engine, const RequestContext &ctx)
{
    auto id = ctx.idParam(QStringLiteral("workflowId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    engine->resetCallbacks(*id, [ctx](Result<void> r) {
        ctx.post([ctx, r] {
            if (r.ok())
                ctx.replyNoContent();
            else
                ctx.replyError(r.error());
        });
    });
}

void decide(Engine *engine, const RequestContext &ctx)
{
    auto id = ctx.idParam(QStringLiteral("workflowId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    engine->decideWorkflow(*id, answerEmpty(ctx));
}

} // namespace

void WorkflowActionRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    Engine *engine = services.engine;
    router.add("DELETE", QStringLiteral("/api/workflow/{workflowId}/terminate-remove"), Access::Admin,
               [engine](const RequestContext &ctx) { terminateRemove(engine, ctx); })
        .summary(QStringLiteral("Terminate a workflow, then remove it with its tasks"))
        .description(QStringLiteral("Terminates the workflow as DELETE /api/workflow/{workflowId} does (open tasks are "
                                    "canceled; a COMPLETED workflow gives 409 and is not removed), then removes the "
                                    "execution as /remove does."))
        .tag(kTag)
        .pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."))
        .query(QStringLiteral("reason"), QStringLiteral("string"), QStringLiteral("Reason recorded with the termination."))
        .query(QStringLiteral("archiveWorkflow"), QStringLiteral("boolean"),
               QStringLiteral("Accepted for Conductor clients (default true); Orrery removes the execution either way."))
        .response(200, QStringLiteral("terminated and removed"), {})
        .response(404, QStringLiteral("unknown workflow"))
        .response(409, QStringLiteral("the workflow COMPLETED"));
    router.add("PUT", QStringLiteral("/api/workflow/{workflowId}/skiptask/{taskReferenceName}"), Access::Operator,
               [engine](const RequestContext &ctx) { skipTask(engine, ctx); })
        .summary(QStringLiteral("Skip a pending task: it becomes SKIPPED and the workflow goes on"))
        .description(QStringLiteral("The SCHEDULED or IN_PROGRESS task of the reference leaves its queue (a worker's "
                                    "late result is refused) and is recorded as SKIPPED, with taskInput merged into "
                                    "its input and taskOutput as its output; the next task is scheduled. Only while "
                                    "the workflow is RUNNING. A reference that already ended, or that is not "
                                    "scheduled yet, gives 409."))
        .tag(kTag)
        .pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."))
        .pathParam(QStringLiteral("taskReferenceName"), QStringLiteral("Reference name of the task to skip."))
        .body(QStringLiteral("optional SkipTaskRequest {taskInput, taskOutput}"), {}, false)
        .response(200, QStringLiteral("skipped"), {})
        .response(400, QStringLiteral("invalid SkipTaskRequest"))
        .response(404, QStringLiteral("unknown workflow, or no such reference in its definition"))
        .response(409, QStringLiteral("the workflow is not RUNNING, or the task is not pending"));
    router.add("POST", QStringLiteral("/api/workflow/{workflowId}/resetcallbacks"), Access::Operator,
               [engine](const RequestContext &ctx) { resetCallbacks(engine, ctx); })
        .summary(QStringLiteral("Make the workflow's waiting worker tasks pollable now"))
        .description(QStringLiteral("Every SCHEDULED worker (SIMPLE) task with callbackAfterSeconds > 0 (a retry "
                                    "delay, a start delay, an IN_PROGRESS callback) gets callbackAfterSeconds 0 and "
                                    "is visible in its queue at once."))
        .tag(kTag)
        .pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."))
        .response(204, QStringLiteral("reset"), {})
        .response(404, QStringLiteral("unknown workflow"))
        .response(409, QStringLiteral("the workflow has ended"));
    router.add("PUT", QStringLiteral("/api/workflow/decide/{workflowId}"), Access::Operator,
               [engine](const RequestContext &ctx) { decide(engine, ctx); })
        .summary(QStringLiteral("Evaluate a workflow now (run the decider)"))
        .description(QStringLiteral("Schedules whatever the workflow's state calls for; a no-op for an ended or "
                                    "paused workflow."))
        .tag(kTag)
        .pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."))
        .response(200, QStringLiteral("evaluated"), {})
        .response(404, QStringLiteral("unknown workflow"));
}

} // namespace orrery
