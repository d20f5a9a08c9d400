#include "TaskRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "EngineReply.h"
#include "WorkerTracker.h"

#include "workflow/Engine.h"

namespace orrery {

namespace {

const QString kTag = QStringLiteral("worker");

QString workerIdOf(const RequestContext &ctx)
{
    const auto id = ctx.query(QStringLiteral("workerid"));
    return id ? *id : ctx.queryString(QStringLiteral("workerId"));
}

// Polls the engine and records the poll for the workers list.
void poll(const ApiServices &s, const RequestContext &ctx, int count, int timeoutMs,
          std::function<void(const RequestContext &, const QJsonArray &)> answer)
{
    const QString type = ctx.param(QStringLiteral("taskType"));
    const QString worker = workerIdOf(ctx);
    std::shared_ptr<WorkerTracker> tracker = s.workers;
    if (tracker)
        tracker->polled(worker, type, ctx.queryString(QStringLiteral("domain")), s.nowMs());
    s.engine->poll(type, worker, ctx.queryString(QStringLiteral("domain")), count, timeoutMs,
                   answerWith<QJsonArray>(ctx, [tracker, worker, type, answer](const RequestContext &c, const QJsonArray &tasks) {
                       if (tracker)
                           tracker->handedOut(worker, type, int(tasks.size()));
                       answer(c, tasks);
                   }));
}

// GET /api/tasks/poll/batch/{taskType}?count=1&timeout=100&workerid=&domain=
void batchPoll(const ApiServices &s, const RequestContext &ctx)
{
    auto count = ctx.queryInt(QStringLiteral("count"), 1);
    if (!count.ok())
        return ctx.replyError(count.error());
    auto timeout = ctx.queryInt(QStringLiteral("timeout"), TaskRoutes::kDefaultBatchTimeoutMs);
    if (!timeout.ok())
        return ctx.replyError(timeout.error());
    if (*timeout > TaskRoutes::kMaxPollTimeoutMs)
        return ctx.replyError(400, QStringLiteral("Long Poll Timeout value cannot be more than 5 seconds"),
                              {{QStringLiteral("timeout"), QStringLiteral("must be <= 5000 ms"), *timeout}});
    if (*timeout < 0)
        return ctx.replyError(400, QStringLiteral("Query parameter 'timeout' must be >= 0 ms, got %1.").arg(*timeout),
                              {{QStringLiteral("timeout"), QStringLiteral("must be >= 0"), *timeout}});
    if (*count <= 0) // nothing asked for: the same answer as an empty queue
        return ctx.replyJson(QJsonArray());
    poll(s, ctx, qMin(*count, TaskRoutes::kMaxBatchCount), *timeout,
         [](const RequestContext &c, const QJsonArray &tasks) { c.replyJson(tasks); });
}

// GET /api/tasks/poll/{taskType}?workerid=&domain= -> Task or 204.
void singlePoll(const ApiServices &s, const RequestContext &ctx)
{
    poll(s, ctx, 1, TaskRoutes::kSinglePollTimeoutMs, [](const RequestContext &c, const QJsonArray &tasks) {
        if (tasks.isEmpty())
            c.replyNoContent();
        else
            c.replyJson(tasks.first().toObject());
    });
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
    auto id = ctx.idParam(QStringLiteral("taskId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    const QByteArray raw = ctx.request().body;
    if (raw.trimmed().isEmpty())
        return ctx.replyError(400, QStringLiteral("The request body is empty; send the log line as the body."));
    QString log = QString::fromUtf8(raw);
    if (raw.trimmed().startsWith('"')) {
        auto parsed = ctx.jsonBody();
        if (parsed.ok() && parsed->isString())
            log = parsed->toString();
    }
    engine->addTaskLog(*id, log, answerEmpty(ctx));
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

void TaskRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    const ApiServices s = services;
    Engine *engine = services.engine;
    // Literal segments beat {variables} in ApiRouter whatever the order; listed like Conductor.
    router.add("GET", QStringLiteral("/api/tasks/poll/batch/{taskType}"), Access::Operator,
               [s](const RequestContext &ctx) { batchPoll(s, ctx); })
        .summary(QStringLiteral("Long-poll a batch of tasks"))
        .description(QStringLiteral("Leases up to `count` tasks of the type (they become IN_PROGRESS). Answers as soon "
                                    "as one is ready, or after `timeout` ms with []."))
        .tag(kTag)
        .pathParam(QStringLiteral("taskType"), QStringLiteral("Task type (the task definition name)."))
        .query(QStringLiteral("count"), QStringLiteral("integer"), QStringLiteral("Tasks wanted (default 1, at most 1000)."))
        .query(QStringLiteral("timeout"), QStringLiteral("integer"), QStringLiteral("Long-poll wait in ms (default 100, at most 5000)."))
        .query(QStringLiteral("workerid"), QStringLiteral("string"), QStringLiteral("The polling worker's id."))
        .query(QStringLiteral("domain"), QStringLiteral("string"), QStringLiteral("Task domain."))
        .response(200, QStringLiteral("[Task] (empty when nothing is ready)"));
    router.add("GET", QStringLiteral("/api/tasks/poll/{taskType}"), Access::Operator,
               [s](const RequestContext &ctx) { singlePoll(s, ctx); })
        .summary(QStringLiteral("Poll one task"))
        .tag(kTag)
        .pathParam(QStringLiteral("taskType"), QStringLiteral("Task type."))
        .query(QStringLiteral("workerid"), QStringLiteral("string"), QStringLiteral("The polling worker's id."))
        .query(QStringLiteral("domain"), QStringLiteral("string"), QStringLiteral("Task domain."))
        .response(200, QStringLiteral("Task"))
        .response(204, QStringLiteral("nothing available"), {});
    router.add("POST", QStringLiteral("/api/tasks"), Access::Operator,
               [engine](const RequestContext &ctx) { updateTask(engine, ctx); })
        .summary(QStringLiteral("Report a task result"))
        .tag(kTag)
        .noAudit()
        .body(QStringLiteral("TaskResult {taskId, workflowInstanceId, status, outputData, reasonForIncompletion, "
                             "callbackAfterSeconds, workerId, logs, extendLease}"))
        .response(200, QStringLiteral("the taskId"), QStringLiteral("text/plain"));
    router.add("POST", QStringLiteral("/api/tasks/update-v2"), Access::Operator,
               [engine](const RequestContext &ctx) { updateTaskV2(engine, ctx); })
        .summary(QStringLiteral("Report a task result and poll the next task"))
        .tag(kTag)
        .noAudit()
        .body(QStringLiteral("TaskResult"))
        .response(200, QStringLiteral("the next Task of the same type"))
        .response(204, QStringLiteral("no next task"), {});
    router.add("GET", QStringLiteral("/api/tasks/queue/sizes"), Access::Viewer, [engine](const RequestContext &ctx) {
        engine->queueSizes(ctx.queryList(QStringLiteral("taskType")),
                           answerWith<QJsonObject>(ctx, [](const RequestContext &c, const QJsonObject &o) { c.replyJson(o); }));
    })
        .summary(QStringLiteral("Queue sizes by task type"))
        .tag(kTag)
        .query(QStringLiteral("taskType"), QStringLiteral("string"), QStringLiteral("Task types (repeat or comma-separate)."))
        .response(200, QStringLiteral("{taskType: size}"));
    router.add("GET", QStringLiteral("/api/tasks/queue/polldata"), Access::Viewer,
               [engine](const RequestContext &ctx) { pollData(engine, ctx, false); })
        .summary(QStringLiteral("Poll data of one task type"))
        .tag(kTag)
        .query(QStringLiteral("taskType"), QStringLiteral("string"), QStringLiteral("Task type."), {}, true)
        .response(200, QStringLiteral("[PollData {queueName, domain, workerId, lastPollTime}]"));
    router.add("GET", QStringLiteral("/api/tasks/queue/polldata/all"), Access::Viewer,
               [engine](const RequestContext &ctx) { pollData(engine, ctx, true); })
        .summary(QStringLiteral("Poll data of every task type"))
        .tag(kTag)
        .response(200, QStringLiteral("[PollData]"));
    router.add("POST", QStringLiteral("/api/tasks/{taskId}/log"), Access::Operator,
               [engine](const RequestContext &ctx) { addLog(engine, ctx); })
        .summary(QStringLiteral("Add a task log line"))
        .tag(kTag)
        .noAudit()
        .pathParam(QStringLiteral("taskId"), QStringLiteral("Task id."))
        .body(QStringLiteral("the log line (a JSON-quoted string loses one level of quotes)"))
        .response(200, QStringLiteral("empty"), {});
}

} // namespace orrery
