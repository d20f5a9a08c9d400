#include "TaskRoutes.h"

#include "ApiRouter.h"
#include "EngineReply.h"

#include "workflow/Engine.h"

namespace orrery {

namespace {

QString workerIdOf(const RequestContext &ctx)
{
    const auto id = ctx.query(QStringLiteral("workerid"));
    return id ? *id : ctx.queryString(QStringLiteral("workerId"));
}

// GET /api/tasks/poll/batch/{taskType}?count=1&timeout=100&workerid=&domain=
void batchPoll(Engine *engine, const RequestContext &ctx)
{
    auto count = ctx.queryInt(QStringLiteral("count"), 1);
    if (!count.ok())
        return ctx.replyError(count.error());
    auto timeout = ctx.queryInt(QStringLiteral("timeout"), TaskRoutes::kDefaultBatchTimeoutMs);
    if (!timeout.ok())
        return ctx.replyError(timeout.error());
    if (*timeout > TaskRoutes::kMaxPollTimeoutMs)
        return ctx.replyError(400, QStringLiteral("Long Poll Timeout value cannot be more than 5 seconds"));
    if (*timeout < 0)
        return ctx.replyError(400, QStringLiteral("Query parameter 'timeout' must be >= 0 ms, got %1.").arg(*timeout),
                              {{QStringLiteral("timeout"), QStringLiteral("must be >= 0"), *timeout}});
    if (*count <= 0) // nothing asked for: the same answer as an empty queue
        return ctx.replyJson(QJsonArray());
    engine->poll(ctx.param(QStringLiteral("taskType")), workerIdOf(ctx), ctx.queryString(QStringLiteral("domain")),
                 qMin(*count, TaskRoutes::kMaxBatchCount), *timeout,
                 answerWith<QJsonArray>(ctx, [](const RequestContext &c, const QJsonArray &tasks) { c.replyJson(tasks); }));
}

// GET /api/tasks/poll/{taskType}?workerid=&domain= -> Task or 204.
void singlePoll(Engine *engine, const RequestContext &ctx)
{
    engine->poll(ctx.param(QStringLiteral("taskType")), workerIdOf(ctx), ctx.queryString(QStringLiteral("domain")), 1,
                 TaskRoutes::kSinglePollTimeoutMs,
                 answerWith<QJsonArray>(ctx, [](const RequestContext &c, const QJsonArray &tasks) {
                     if (tasks.isEmpty())
                         c.replyNoContent();
                     else
                         c.replyJson(tasks.first().toObject());
                 }));
}

Result<TaskResult> taskResultBody(const RequestContext &ctx)
{
    auto body = ctx.jsonObjectBody(QStringLiteral("a TaskResult"));
    if (!body.ok())
        return body.error();
    return taskResultFromJson(*body);
}

// POST /api/tasks -> text/plain taskId.
void updateTask(Engine *engine, const RequestContext &ctx)
{
    auto result = taskResultBody(ctx);
    if (!result.ok())
        return ctx.replyError(result.error());
    engine->updateTask(std::move(result).value(),
                       answerWith<QString>(ctx, [](const RequestContext &c, const QString &id) { c.replyText(id); }));
}

// POST /api/tasks/update-v2 -> the next Task of the same type, or 204.
void updateTaskV2(Engine *engine, const RequestContext &ctx)
{
    auto result = taskResultBody(ctx);
    if (!result.ok())
        return ctx.replyError(result.error());
    engine->updateTaskV2(std::move(result).value(),
                         answerWith<QJsonObject>(ctx, [](const RequestContext &c, const QJsonObject &next) {
                             if (next.isEmpty())
                                 c.replyNoContent();
                             else
                                 c.replyJson(next);
                         }));
}

// POST /api/tasks/{taskId}/log: the body is the log line. The JS SDK sends it JSON-quoted;
// one level of quoting is removed, anything else is stored as sent.
void addLog(Engine *engine, const RequestContext &ctx)
{
    const QByteArray raw = ctx.request().body;
    if (raw.trimmed().isEmpty())
        return ctx.replyError(400, QStringLiteral("The request body is empty; send the log line as the body."));
    QString log = QString::fromUtf8(raw);
    if (raw.trimmed().startsWith('"')) {
        auto parsed = ctx.jsonBody();
        if (parsed.ok() && parsed->isString())
            log = parsed->toString();
    }
    engine->addTaskLog(ctx.param(QStringLiteral("taskId")), log, answerEmpty(ctx));
}

// GET /api/tasks/{taskId}/log -> [TaskExecLog] or 204 when there are none.
void logs(Engine *engine, const RequestContext &ctx)
{
    engine->taskLogs(ctx.param(QStringLiteral("taskId")),
                     answerWith<QJsonArray>(ctx, [](const RequestContext &c, const QJsonArray &entries) {
                         if (entries.isEmpty())
                             c.replyNoContent();
                         else
                             c.replyJson(entries);
                     }));
}

void pollData(Engine *engine, const RequestContext &ctx, bool all)
{
    QString taskType;
    if (!all) {
        taskType = ctx.queryString(QStringLiteral("taskType")).trimmed();
        if (taskType.isEmpty())
            return ctx.replyError(400, QStringLiteral("Query parameter 'taskType' is required."),
                                  {{QStringLiteral("taskType"), QStringLiteral("is required"), QJsonValue()}});
    }
    engine->pollData(taskType, answerWith<QJsonArray>(ctx, [](const RequestContext &c, const QJsonArray &a) { c.replyJson(a); }));
}

} // namespace

void TaskRoutes::registerRoutes(ApiRouter &router, Engine *engine)
{
    // Literal segments beat {variables} in ApiRouter whatever the order; listed like Conductor.
    router.add("GET", QStringLiteral("/api/tasks/poll/batch/{taskType}"), Access::Operator,
               [engine](const RequestContext &ctx) { batchPoll(engine, ctx); });
    router.add("GET", QStringLiteral("/api/tasks/poll/{taskType}"), Access::Operator,
               [engine](const RequestContext &ctx) { singlePoll(engine, ctx); });
    router.add("POST", QStringLiteral("/api/tasks"), Access::Operator,
               [engine](const RequestContext &ctx) { updateTask(engine, ctx); });
    router.add("POST", QStringLiteral("/api/tasks/update-v2"), Access::Operator,
               [engine](const RequestContext &ctx) { updateTaskV2(engine, ctx); });
    router.add("GET", QStringLiteral("/api/tasks/queue/sizes"), Access::Viewer, [engine](const RequestContext &ctx) {
        engine->queueSizes(ctx.queryList(QStringLiteral("taskType")),
                           answerWith<QJsonObject>(ctx, [](const RequestContext &c, const QJsonObject &o) { c.replyJson(o); }));
    });
    router.add("GET", QStringLiteral("/api/tasks/queue/polldata"), Access::Viewer,
               [engine](const RequestContext &ctx) { pollData(engine, ctx, false); });
    router.add("GET", QStringLiteral("/api/tasks/queue/polldata/all"), Access::Viewer,
               [engine](const RequestContext &ctx) { pollData(engine, ctx, true); });
    router.add("POST", QStringLiteral("/api/tasks/{taskId}/log"), Access::Operator,
               [engine](const RequestContext &ctx) { addLog(engine, ctx); });
    router.add("GET", QStringLiteral("/api/tasks/{taskId}/log"), Access::Viewer,
               [engine](const RequestContext &ctx) { logs(engine, ctx); });
    router.add("GET", QStringLiteral("/api/tasks/{taskId}"), Access::Viewer, [engine](const RequestContext &ctx) {
        engine->task(ctx.param(QStringLiteral("taskId")),
                     answerWith<QJsonObject>(ctx, [](const RequestContext &c, const QJsonObject &o) { c.replyJson(o); }));
    });
}

} // namespace orrery
