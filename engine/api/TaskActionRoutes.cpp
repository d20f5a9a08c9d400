#include "TaskActionRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "EngineReply.h"

#include "workflow/Engine.h"

namespace orrery {

namespace {

const QString kTag = QStringLiteral("worker");
const QString kResultStatuses = QStringLiteral("IN_PROGRESS, FAILED, FAILED_WITH_TERMINAL_ERROR, COMPLETED, CANCELED");

// The {status} path segment: a TaskResult status (a signal must end the task: no IN_PROGRESS).
Result<TaskStatus> statusParam(const RequestContext &ctx, bool signal)
{
    const QString raw = ctx.param(QStringLiteral("status"));
    const auto s = parseTaskStatus(raw.toUpper());
    const bool allowed = s
        && (*s == TaskStatus::Completed || *s == TaskStatus::Failed || *s == TaskStatus::FailedWithTerminalError
            || *s == TaskStatus::Canceled || (!signal && *s == TaskStatus::InProgress));
    if (allowed)
        return *s;
    const QString list = signal ? QStringLiteral("FAILED, FAILED_WITH_TERMINAL_ERROR, COMPLETED, CANCELED") : kResultStatuses;
    return Error::invalid(QStringLiteral("Path segment 'status' must be one of %1, got '%2'.").arg(list, raw.left(100)),
                          {{QStringLiteral("status"), QStringLiteral("must be one of %1").arg(list), raw.left(100)}});
}

// The output map: a JSON object; no body at all counts as {}.
Result<QJsonObject> outputBody(const RequestContext &ctx)
{
    if (ctx.request().body.trimmed().isEmpty())
        return QJsonObject();
    return ctx.jsonObjectBody(QStringLiteral("the task output, a JSON object"));
}

void replyWorkflow(Engine *engine, const RequestContext &ctx, const QString &workflowId, QJsonObject extra = {})
{
    engine->workflow(workflowId, true, answerWith<QJsonObject>(ctx, [extra](const RequestContext &c, QJsonObject wf) {
                         for (auto it = extra.begin(); it != extra.end(); ++it)
                             wf.insert(it.key(), it.value());
                         if (extra.contains(QStringLiteral("responseType")))
                             wf.insert(QStringLiteral("targetWorkflowStatus"), wf.value(QStringLiteral("status")));
                         c.replyJson(wf);
                     }));
}

void updateByRef(Engine *engine, const RequestContext &ctx, bool sync)
{
    auto id = ctx.idParam(QStringLiteral("workflowId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    auto status = statusParam(ctx, false);
    if (!status.ok())
        return ctx.replyError(status.error());
    auto output = outputBody(ctx);
    if (!output.ok())
        return ctx.replyError(output.error());
    const QString ref = ctx.param(QStringLiteral("taskRefName"));
    const QString worker = ctx.query(QStringLiteral("workerid")).value_or(ctx.queryString(QStringLiteral("workerId")));
    engine->updateTaskByRef(*id, ref, *status, *output, worker,
                            answerWith<QString>(ctx, [engine, sync, workflowId = *id, ref](const RequestContext &c, const QString &taskId) {
                                if (!sync)
                                    return taskId.isEmpty() ? c.replyEmpty() : c.replyText(taskId);
                                if (taskId.isEmpty())
                                    return c.replyError(404, QStringLiteral("Workflow %1 has no pending task with reference "
                                                                            "name %2.")
                                                                 .arg(workflowId, ref));
                                replyWorkflow(engine, c, workflowId);
                            }));
}

void signal(Engine *engine, const RequestContext &ctx, bool sync)
{
    auto id = ctx.idParam(QStringLiteral("workflowId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    auto status = statusParam(ctx, true);
    if (!status.ok())
        return ctx.replyError(status.error());
    if (sync) {
        auto strategy = ctx.queryEnum(QStringLiteral("returnStrategy"), {QStringLiteral("TARGET_WORKFLOW")},
                                      QStringLiteral("TARGET_WORKFLOW"));
        if (!strategy.ok())
            return ctx.replyError(strategy.error());
        auto timeout = ctx.queryInt(QStringLiteral("timeoutMillis"), 10000);
        if (!timeout.ok())
            return ctx.replyError(timeout.error());
    }
    auto output = outputBody(ctx);
    if (!output.ok())
        return ctx.replyError(output.error());
    engine->signalTask(*id, *status, *output,
                       answerWith<QString>(ctx, [engine, sync, workflowId = *id](const RequestContext &c, const QString &) {
                           if (!sync)
                               return c.replyEmpty();
                           replyWorkflow(engine, c, workflowId,
                                         {{QStringLiteral("responseType"), QStringLiteral("TARGET_WORKFLOW")},
                                          {QStringLiteral("targetWorkflowId"), workflowId}});
                       }));
}

void queueSize(Engine *engine, const RequestContext &ctx)
{
    const QString type = ctx.queryString(QStringLiteral("taskType")).trimmed();
    if (type.isEmpty())
        return ctx.replyError(400, QStringLiteral("Query parameter 'taskType' is required."),
                              {{QStringLiteral("taskType"), QStringLiteral("is required"), QJsonValue()}});
    engine->queueSize(type, ctx.queryString(QStringLiteral("domain")).trimmed(),
                      answerWith<int>(ctx, [](const RequestContext &c, int size) {
                          HttpResponse r = HttpResponse::json(QJsonObject());
                          r.body = QByteArray::number(size); // a bare JSON number, as Conductor's Integer
                          c.reply(std::move(r));
                      }));
}

} // namespace

void TaskActionRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    Engine *engine = services.engine;
    const auto byRef = [&](RouteDoc &doc) -> RouteDoc & {
        return doc.tag(kTag)
            .pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."))
            .pathParam(QStringLiteral("taskRefName"), QStringLiteral("Reference name (a DO_WHILE task's ref matches with or "
                                                                   "without its __N suffix)."))
            .pathParam(QStringLiteral("status"), QStringLiteral("One of %1.").arg(kResultStatuses))
            .query(QStringLiteral("workerid"), QStringLiteral("string"), QStringLiteral("The reporting worker's id."))
            .body(QStringLiteral("JSON object merged into the task's outputData ({} or no body for none)"), {}, false)
            .response(400, QStringLiteral("bad status or body"));
    };
    byRef(router.add("POST", QStringLiteral("/api/tasks/{workflowId}/{taskRefName}/{status}"), Access::Operator,
                     [engine](const RequestContext &ctx) { updateByRef(engine, ctx, false); })
              .summary(QStringLiteral("Update the pending task of a reference name")))
        .description(QStringLiteral("The first non-terminal task of the workflow with that reference name gets the "
                                    "status, the body merged into its output, then the workflow is evaluated."))
        .response(200, QStringLiteral("the taskId (text/plain), or no body when no task of that reference is pending"),
                  QStringLiteral("text/plain"))
        .response(404, QStringLiteral("unknown workflow"));
    byRef(router.add("POST", QStringLiteral("/api/tasks/{workflowId}/{taskRefName}/{status}/sync"), Access::Operator,
                     [engine](const RequestContext &ctx) { updateByRef(engine, ctx, true); })
              .summary(QStringLiteral("Update the pending task of a reference name and answer the workflow")))
        .response(200, QStringLiteral("Workflow after the update"))
        .response(404, QStringLiteral("unknown workflow, or no pending task of that reference"));
    const auto signalDoc = [&](RouteDoc &doc) -> RouteDoc & {
        return doc.tag(kTag)
            .description(QStringLiteral("Completes (with the status, the body merged into its output) the first "
                                        "non-terminal WAIT or HUMAN task of the workflow, looking into its running "
                                        "sub-workflows too."))
            .pathParam(QStringLiteral("workflowId"), QStringLiteral("Workflow id."))
            .pathParam(QStringLiteral("status"), QStringLiteral("COMPLETED, FAILED, FAILED_WITH_TERMINAL_ERROR or CANCELED."))
            .body(QStringLiteral("JSON object merged into the task's outputData"), {}, false)
            .response(400, QStringLiteral("bad status or body"))
            .response(404, QStringLiteral("unknown workflow, or no pending WAIT/HUMAN task"))
            .response(409, QStringLiteral("the workflow has ended"));
    };
    signalDoc(router.add("POST", QStringLiteral("/api/tasks/{workflowId}/{status}/signal"), Access::Operator,
                         [engine](const RequestContext &ctx) { signal(engine, ctx, false); })
                  .summary(QStringLiteral("Signal a workflow's waiting WAIT/HUMAN task")))
        .response(200, QStringLiteral("signaled"), {});
    signalDoc(router.add("POST", QStringLiteral("/api/tasks/{workflowId}/{status}/signal/sync"), Access::Operator,
                         [engine](const RequestContext &ctx) { signal(engine, ctx, true); })
                  .summary(QStringLiteral("Signal a workflow's waiting WAIT/HUMAN task and answer the workflow")))
        .query(QStringLiteral("returnStrategy"), QStringLiteral("string"), QStringLiteral("Only TARGET_WORKFLOW (the default)."),
               {QStringLiteral("TARGET_WORKFLOW")})
        .query(QStringLiteral("timeoutMillis"), QStringLiteral("integer"),
               QStringLiteral("Accepted; the answer comes once the signal is applied."))
        .response(200, QStringLiteral("Workflow with responseType, targetWorkflowId and targetWorkflowStatus"));
    router.add("GET", QStringLiteral("/api/tasks/queue/size"), Access::Viewer,
               [engine](const RequestContext &ctx) { queueSize(engine, ctx); })
        .summary(QStringLiteral("Size of one task queue"))
        .tag(kTag)
        .query(QStringLiteral("taskType"), QStringLiteral("string"), QStringLiteral("Task type."), {}, true)
        .query(QStringLiteral("domain"), QStringLiteral("string"), QStringLiteral("Task domain (none = the queue without a domain)."))
        .query(QStringLiteral("isolationGroupId"), QStringLiteral("string"), QStringLiteral("Accepted and ignored."))
        .query(QStringLiteral("executionNamespace"), QStringLiteral("string"), QStringLiteral("Accepted and ignored."))
        .response(200, QStringLiteral("the number of queued (ready and delayed) tasks, a JSON number"))
        .response(400, QStringLiteral("taskType missing"));
    router.add("GET", QStringLiteral("/api/tasks/queue/all"), Access::Viewer, [engine](const RequestContext &ctx) {
        engine->allQueueSizes(answerWith<QJsonObject>(ctx, [](const RequestContext &c, const QJsonObject &o) { c.replyJson(o); }));
    })
        .summary(QStringLiteral("Sizes of every task queue"))
        .tag(kTag)
        .response(200, QStringLiteral("{queueName: size}; a queue with a domain is named domain:taskType"));
}

} // namespace orrery
