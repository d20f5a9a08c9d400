#include "WorkflowRoutes.h"

#include "ApiRouter.h"
#include "EngineReply.h"

#include "workflow/Engine.h"

namespace orrery {

namespace {

void startWorkflow(Engine *engine, const RequestContext &ctx, StartWorkflowRequest request)
{
    if (request.createdBy.isEmpty() && ctx.principal())
        request.createdBy = ctx.principal()->name;
    engine->startWorkflow(std::move(request), answerWith<QString>(ctx, [](const RequestContext &c, const QString &id) {
                              c.replyText(id);
                          }));
}

// POST /api/workflow/{name}?version=&correlationId=&priority= with the input as the body.
void startByName(Engine *engine, const RequestContext &ctx)
{
    StartWorkflowRequest request;
    request.name = ctx.param(QStringLiteral("name"));
    auto version = ctx.queryOptionalInt(QStringLiteral("version"));
    if (!version.ok())
        return ctx.replyError(version.error());
    request.version = *version;
    auto priority = ctx.queryInt(QStringLiteral("priority"), 0);
    if (!priority.ok())
        return ctx.replyError(priority.error());
    if (*priority < 0 || *priority > 99)
        return ctx.replyError(400, QStringLiteral("Query parameter 'priority' must be between 0 and 99, got %1.").arg(*priority),
                              {{QStringLiteral("priority"), QStringLiteral("must be between 0 and 99"), *priority}});
    request.priority = *priority;
    request.correlationId = ctx.queryString(QStringLiteral("correlationId"));

    auto body = ctx.jsonBody();
    if (!body.ok() && ctx.request().body.trimmed().isEmpty())
        return ctx.replyError(400, QStringLiteral("NULL input passed when starting workflow: send the input as a JSON object ({} for none)."));
    if (!body.ok())
        return ctx.replyError(body.error());
    if (body->isNull())
        return ctx.replyError(400, QStringLiteral("NULL input passed when starting workflow: send the input as a JSON object ({} for none)."));
    if (!body->isObject())
        return ctx.replyError(400, QStringLiteral("The workflow input must be a JSON object."));
    request.input = body->toObject();
    startWorkflow(engine, ctx, std::move(request));
}

// POST /api/workflow with a StartWorkflowRequest.
void startWithRequest(Engine *engine, const RequestContext &ctx)
{
    auto body = ctx.jsonObjectBody(QStringLiteral("a StartWorkflowRequest"));
    if (!body.ok())
        return ctx.replyError(body.error());
    auto request = StartWorkflowRequest::fromJson(*body);
    if (!request.ok())
        return ctx.replyError(request.error());
    startWorkflow(engine, ctx, std::move(request).value());
}

// GET /api/workflow/{workflowId}?includeTasks= (default true).
void getWorkflow(Engine *engine, const RequestContext &ctx)
{
    auto includeTasks = ctx.queryBool(QStringLiteral("includeTasks"), true);
    if (!includeTasks.ok())
        return ctx.replyError(includeTasks.error());
    engine->workflow(ctx.param(QStringLiteral("workflowId")), *includeTasks,
                     answerWith<QJsonObject>(ctx, [](const RequestContext &c, const QJsonObject &o) { c.replyJson(o); }));
}

} // namespace

void WorkflowRoutes::registerRoutes(ApiRouter &router, Engine *engine)
{
    router.add("POST", QStringLiteral("/api/workflow"), Access::Operator,
               [engine](const RequestContext &ctx) { startWithRequest(engine, ctx); });
    router.add("POST", QStringLiteral("/api/workflow/{name}"), Access::Operator,
               [engine](const RequestContext &ctx) { startByName(engine, ctx); });
    router.add("GET", QStringLiteral("/api/workflow/{workflowId}"), Access::Viewer,
               [engine](const RequestContext &ctx) { getWorkflow(engine, ctx); });
}

} // namespace orrery
