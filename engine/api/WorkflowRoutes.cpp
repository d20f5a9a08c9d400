#include "WorkflowRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "EngineReply.h"

#include "workflow/Engine.h"

namespace orrery {

namespace {

const QString kTag = QStringLiteral("workflows");

void startWorkflow(Engine *engine, const RequestContext &ctx, StartWorkflowRequest request)
{
    if (!ctx.allowsProject(request.projectId))
        return ctx.replyError(ctx.outOfScope(QStringLiteral("the workflow to start (set projectId to one of your projects)"),
                                             request.projectId));
    if (request.createdBy.isEmpty() && ctx.principal())
        request.createdBy = ctx.principal()->name;
    engine->startWorkflow(std::move(request), answerWith<QString>(ctx, [](const RequestContext &c, const QString &id) {
                              c.replyText(id);
                          }));
}

// POST /api/workflow/{name}?version=&correlationId=&priority=&projectId= with the input as the body.
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
    request.projectId = ctx.queryString(QStringLiteral("projectId"));

    auto body = ctx.jsonBody();
    if (!body.ok() && ctx.request().body.trimmed().isEmpty())
        return ctx.replyError(400, QStringLiteral("NULL input passed when starting workflow: send the input as a JSON object ({} for none)."));
    if (!body.ok())
        return ctx.replyError(body.error());
    if (body->isNull())
        return ctx.replyError(400, QStringLiteral("NULL input passed when starting workflow: send the input as a JSON object ({} for none)."));
    if (!body->isObject())
        return ctx.replyError(400, QStringLiteral("The workflow input must be a JSON object."),
                              {{QStringLiteral("input"), QStringLiteral("must be a JSON object"), *body}});
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

// Reads a workflow and checks the caller may see it; `then` runs on the server thread.
void withWorkflow(Engine *engine, const RequestContext &ctx, bool includeTasks,
                  std::function<void(const RequestContext &, const QJsonObject &)> then)
{
    auto id = ctx.idParam(QStringLiteral("workflowId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    engine->workflow(*id, includeTasks, answerWith<QJsonObject>(ctx, [then](const RequestContext &c, const QJsonObject &wf) {
        const QString project = wf.value(QStringLiteral("projectId")).toString();
        if (!c.allowsProject(project))
            return c.replyError(c.outOfScope(QStringLiteral("workflow %1").arg(wf.value(QStringLiteral("workflowId")).toString()), project));
        then(c, wf);
    }));
}

void getWorkflow(Engine *engine, const RequestContext &ctx)
{
    auto includeTasks = ctx.queryBool(QStringLiteral("includeTasks"), true);
    if (!includeTasks.ok())
        return ctx.replyError(includeTasks.error());
    withWorkflow(engine, ctx, *includeTasks, [](const RequestContext &c, const QJsonObject &wf) { c.replyJson(wf); });
}

// GET /api/workflow/{workflowId}/status?includeOutput=&includeVariables=
void getStatus(Engine *engine, const RequestContext &ctx)
{
    auto output = ctx.queryBool(QStringLiteral("includeOutput"), false);
    if (!output.ok())
        return ctx.replyError(output.error());
    auto variables = ctx.queryBool(QStringLiteral("includeVariables"), false);
    if (!variables.ok())
        return ctx.replyError(variables.error());
    withWorkflow(engine, ctx, false, [withOutput = *output, withVariables = *variables](const RequestContext &c, const QJsonObject &wf) {
        QJsonObject o{{QStringLiteral("workflowId"), wf.value(QStringLiteral("workflowId"))},
                      {QStringLiteral("status"), wf.value(QStringLiteral("status"))}};
        if (wf.contains(QStringLiteral("correlationId")))
            o.insert(QStringLiteral("correlationId"), wf.value(QStringLiteral("correlationId")));
        if (withOutput)
            o.insert(QStringLiteral("output"), wf.value(QStringLiteral("output")).toObject());
        if (withVariables)
            o.insert(QStringLiteral("variables"), wf.value(QStringLiteral("variables")).toObject());
        c.replyJson(o);
    });
}

void retry(Engine *engine, const RequestContext &ctx)
{
    auto resume = ctx.queryBool(QStringLiteral("resumeSubworkflowTasks"), false);
    if (!resume.ok())
        return ctx.replyError(resume.error());
    withWorkflow(engine, ctx, false, [engine, resumeSubworkflows = *resume](const RequestContext &c, const QJsonObject &wf) {
        engine->retryWorkflow(wf.value(QStringLiteral("workflowId")).toString(), resumeSubworkflows, [c](Result<void> r) {
            c.post([c, r] {
                if (r.ok())
                    c.replyNoContent();
                else
                    c.replyError(r.error());
            });
        });
    });
}

// RerunWorkflowRequest: {reRunFromWorkflowId (ignored: the path names the workflow), workflowInput,
// reRunFromTaskId, taskInput, correlationId}.
Result<RerunRequest> parseRerun(const QJsonObject &body)
{
    RerunRequest r;
    QList<FieldError> errors;
    const auto object = [&](const char *field, std::optional<QJsonObject> &into) {
        const QJsonValue v = body.value(QLatin1String(field));
        if (v.isUndefined() || v.isNull())
            return;
        if (!v.isObject())
            errors.append({QString::fromLatin1(field), QStringLiteral("must be a JSON object"), v});
        else
            into = v.toObject();
    };
    object("workflowInput", r.workflowInput);
    object("taskInput", r.taskInput);
    const QJsonValue from = body.value(QStringLiteral("reRunFromTaskId"));
    if (from.isString())
        r.fromTaskId = from.toString();
    else if (!from.isUndefined() && !from.isNull())
        errors.append({QStringLiteral("reRunFromTaskId"), QStringLiteral("must be a string (a taskId)"), from});
    const QJsonValue corr = body.value(QStringLiteral("correlationId"));
    if (corr.isString())
        r.correlationId = corr.toString();
    else if (!corr.isUndefined() && !corr.isNull())
        errors.append({QStringLiteral("correlationId"), QStringLiteral("must be a string"), corr});
    if (r.taskInput && r.fromTaskId.isEmpty())
        errors.append({QStringLiteral("taskInput"), QStringLiteral("needs reRunFromTaskId (the task it replaces the input of)"),
                       QJsonValue(*r.taskInput)});
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Invalid RerunWorkflowRequest"), errors);
    return r;
}

} // namespace

void WorkflowRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    Engine *engine = services.engine;
    router.add("POST", QStringLiteral("/api/workflow"), Access::Operator,
               [engine](const RequestContext &ctx) { startWithRequest(engine, ctx); })
        .summary(QStringLiteral("Start a workflow (StartWorkflowRequest)"))
        .tag(kTag)
        .allowScoped()
        .body(QStringLiteral("StartWorkflowRequest {name, version?, input, correlationId?, priority?, taskToDomain?, "
                             "workflowDef?, projectId?}; tokens with project scopes must set a projectId of theirs"))
        .response(200, QStringLiteral("the workflowId"), QStringLiteral("text/plain"))
        .response(404, QStringLiteral("no such workflow definition"));
    router.add("POST", QStringLiteral("/api/workflow/{name}"), Access::Operator,
               [engine](const RequestContext &ctx) { startByName(engine, ctx); })
        .summary(QStringLiteral("Start a workflow by name"))
        .tag(kTag)
        .allowScoped()
        .pathParam(QStringLiteral("name"), QStringLiteral("Workflow definition name."))
        .query(QStringLiteral("version"), QStringLiteral("integer"), QStringLiteral("Definition version (default: latest)."))
        .query(QStringLiteral("correlationId"), QStringLiteral("string"), QStringLiteral("Correlation id."))
        .query(QStringLiteral("priority"), QStringLiteral("integer"), QStringLiteral("0-99 (default 0)."))
        .query(QStringLiteral("projectId"), QStringLiteral("string"), QStringLiteral("Project of the execution (Orrery extension)."))
        .body(QStringLiteral("the workflow input, a JSON object ({} for none)"))
        .response(200, QStringLiteral("the workflowId"), QStringLiteral("text/plain"));
    router.add("GET", QStringLiteral("/api/workflow/{workflowId}"), Access::Viewer,
               [engine](const RequestContext &ctx) { getWorkflow(engine, ctx); })
        .summary(QStringLiteral("Get a workflow execution"))
        .tag(kTag)
        .allowScoped()
        .pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."))
        .query(QStringLiteral("includeTasks"), QStringLiteral("boolean"), QStringLiteral("Include the tasks (default true)."))
        .response(200, QStringLiteral("Workflow"))
        .response(404, QStringLiteral("unknown workflow"));
    router.add("GET", QStringLiteral("/api/workflow/{workflowId}/status"), Access::Viewer,
               [engine](const RequestContext &ctx) { getStatus(engine, ctx); })
        .summary(QStringLiteral("Get a workflow's status"))
        .tag(kTag)
        .allowScoped()
        .pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."))
        .query(QStringLiteral("includeOutput"), QStringLiteral("boolean"), QStringLiteral("Add the output (default false)."))
        .query(QStringLiteral("includeVariables"), QStringLiteral("boolean"), QStringLiteral("Add the variables (default false)."))
        .response(200, QStringLiteral("{workflowId, correlationId, status, output?, variables?}"));
    router.add("POST", QStringLiteral("/api/workflow/{workflowId}/retry"), Access::Operator,
               [engine](const RequestContext &ctx) { retry(engine, ctx); })
        .summary(QStringLiteral("Retry a finished workflow's failed tasks"))
        .description(QStringLiteral("For a workflow that ended (FAILED, TIMED_OUT, TERMINATED), the latest attempt of "
                                    "every task reference that is FAILED, FAILED_WITH_TERMINAL_ERROR, TIMED_OUT or "
                                    "CANCELED runs again as a new attempt and the workflow resumes. 409 when the "
                                    "workflow is still running or nothing can be retried."))
        .tag(kTag)
        .allowScoped()
        .pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."))
        .query(QStringLiteral("resumeSubworkflowTasks"), QStringLiteral("boolean"),
               QStringLiteral("Default false. When true and the failed task (the first failed reference) is a "
                              "SUB_WORKFLOW whose child workflow failed, the child is retried instead (recursively: "
                              "its own failed tasks run again) and the SUB_WORKFLOW task goes back IN_PROGRESS waiting for the "
                              "same child; no new child is started. A retried child with the flag also resumes "
                              "the parent waiting for it."))
        .response(204, QStringLiteral("retried"), {})
        .response(409, QStringLiteral("still running, or nothing to retry"));
    const auto pathId = [](RouteDoc &doc) -> RouteDoc & {
        return doc.tag(kTag).pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."));
    };
    pathId(router.add("PUT", QStringLiteral("/api/workflow/{workflowId}/pause"), Access::Operator,
                      [engine](const RequestContext &ctx) {
                          engine->pauseWorkflow(ctx.param(QStringLiteral("workflowId")), answerEmpty(ctx));
                      })
               .summary(QStringLiteral("Pause a workflow (no new tasks are scheduled; running ones may finish)")))
        .response(200, QStringLiteral("paused (or already paused)"), {})
        .response(409, QStringLiteral("the workflow has ended"));
    pathId(router.add("PUT", QStringLiteral("/api/workflow/{workflowId}/resume"), Access::Operator,
                      [engine](const RequestContext &ctx) {
                          engine->resumeWorkflow(ctx.param(QStringLiteral("workflowId")), answerEmpty(ctx));
                      })
               .summary(QStringLiteral("Resume a paused workflow")))
        .response(200, QStringLiteral("resumed"), {})
        .response(409, QStringLiteral("the workflow is not PAUSED"));
    pathId(router.add("DELETE", QStringLiteral("/api/workflow/{workflowId}"), Access::Operator,
                      [engine](const RequestContext &ctx) {
                          engine->terminateWorkflow(ctx.param(QStringLiteral("workflowId")),
                                                    ctx.queryString(QStringLiteral("reason")), answerEmpty(ctx));
                      })
               .summary(QStringLiteral("Terminate a workflow: open tasks are canceled")))
        .query(QStringLiteral("reason"), QStringLiteral("string"), QStringLiteral("Reason recorded as reasonForIncompletion."))
        .response(200, QStringLiteral("terminated (or already terminated)"), {})
        .response(409, QStringLiteral("the workflow COMPLETED"));
    pathId(router.add("POST", QStringLiteral("/api/workflow/{workflowId}/restart"), Access::Operator,
                      [engine](const RequestContext &ctx) {
                          auto latest = ctx.queryBool(QStringLiteral("useLatestDefinitions"), false);
                          if (!latest.ok())
                              return ctx.replyError(latest.error());
                          engine->restartWorkflow(ctx.param(QStringLiteral("workflowId")), *latest,
                                                  [ctx](Result<void> r) {
                                                      ctx.post([ctx, r] {
                                                          if (r.ok())
                                                              ctx.replyNoContent();
                                                          else
                                                              ctx.replyError(r.error());
                                                      });
                                                  });
                      })
               .summary(QStringLiteral("Run an ended workflow again from the start, with the same id and input")))
        .query(QStringLiteral("useLatestDefinitions"), QStringLiteral("boolean"),
               QStringLiteral("Run the latest version of the workflow's definition (default false)."))
        .response(204, QStringLiteral("restarted"), {})
        .response(404, QStringLiteral("unknown workflow, a COMPLETED workflow whose definition is not restartable, "
                                      "or no definition left for useLatestDefinitions"))
        .response(409, QStringLiteral("the workflow has not ended"));
    pathId(router.add("POST", QStringLiteral("/api/workflow/{workflowId}/rerun"), Access::Operator,
                      [engine](const RequestContext &ctx) {
                          auto body = ctx.jsonObjectBody(QStringLiteral("RerunWorkflowRequest"));
                          if (!body.ok())
                              return ctx.replyError(body.error());
                          auto request = parseRerun(*body);
                          if (!request.ok())
                              return ctx.replyError(request.error());
                          engine->rerunWorkflow(ctx.param(QStringLiteral("workflowId")), *request,
                                                answerWith<QString>(ctx, [](const RequestContext &c, const QString &id) {
                                                    c.replyText(id);
                                                }));
                      })
               .summary(QStringLiteral("Rerun an ended workflow: whole (optionally with a new input), or from one task")))
        .description(QStringLiteral("Without reRunFromTaskId the workflow runs again from the start with the same id "
                                    "(workflowInput and correlationId replace the old ones when given). With it, every "
                                    "task scheduled after that task is dropped and the task runs again as a new attempt "
                                    "(taskInput replaces its input when given)."))
        .body(QStringLiteral("RerunWorkflowRequest {reRunFromWorkflowId, workflowInput, reRunFromTaskId, taskInput, correlationId}"))
        .response(200, QStringLiteral("text/plain workflowId"))
        .response(400, QStringLiteral("invalid request, or reRunFromTaskId is not a task of the workflow"))
        .response(409, QStringLiteral("the workflow has not ended"));
    pathId(router.add("DELETE", QStringLiteral("/api/workflow/{workflowId}/remove"), Access::Admin,
                      [engine](const RequestContext &ctx) {
                          engine->removeWorkflow(ctx.param(QStringLiteral("workflowId")), answerEmpty(ctx));
                      })
               .summary(QStringLiteral("Remove a workflow execution and its tasks, whatever its status")))
        .response(200, QStringLiteral("removed"), {})
        .response(404, QStringLiteral("unknown workflow"));
}

} // namespace orrery
