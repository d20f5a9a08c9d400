#include "AttemptRoutes.h"

#include "api/ApiRouter.h"
#include "api/RequestContext.h"
#include "core/TaskDef.h"
#include "workflow/Engine.h"

namespace orrery {

namespace {

qint64 ms(const QJsonObject &o, const char *key) { return qint64(o.value(QLatin1String(key)).toDouble()); }

// When a SCHEDULED task becomes visible to workers (the engine's own rule).
qint64 dueMs(const QJsonObject &t)
{
    return std::max(ms(t, "scheduledTime"), ms(t, "updateTime")) + ms(t, "callbackAfterSeconds") * 1000;
}

int maxAttempts(const QJsonObject &task, const QJsonObject &taskDef)
{
    const QJsonObject node = task.value(QStringLiteral("workflowTask")).toObject();
    if (node.value(QStringLiteral("retryCount")).isDouble())
        return node.value(QStringLiteral("retryCount")).toInt() + 1;
    if (!taskDef.isEmpty())
        return taskDef.value(QStringLiteral("retryCount")).toInt(3) + 1;
    const QJsonObject inlineDef = node.value(QStringLiteral("taskDefinition")).toObject();
    if (inlineDef.value(QStringLiteral("retryCount")).isDouble())
        return inlineDef.value(QStringLiteral("retryCount")).toInt() + 1;
    return TaskDef::adHoc(task.value(QStringLiteral("taskDefName")).toString()).retryCount + 1;
}

} // namespace

QJsonObject AttemptRoutes::attemptsJson(const QJsonObject &task, const QJsonArray &workflowTasks, const QJsonObject &taskDef)
{
    const QString ref = task.value(QStringLiteral("referenceTaskName")).toString();
    const int of = maxAttempts(task, taskDef);
    QJsonArray attempts;
    QJsonObject latest;
    for (const QJsonValue &v : workflowTasks) {
        const QJsonObject t = v.toObject();
        if (t.value(QStringLiteral("referenceTaskName")).toString() != ref)
            continue;
        const int retryCount = t.value(QStringLiteral("retryCount")).toInt();
        const qint64 start = ms(t, "startTime"), end = ms(t, "endTime");
        QJsonObject a{{QStringLiteral("attempt"), retryCount + 1},
                      {QStringLiteral("of"), of},
                      {QStringLiteral("taskId"), t.value(QStringLiteral("taskId"))},
                      {QStringLiteral("status"), t.value(QStringLiteral("status"))},
                      {QStringLiteral("retryCount"), retryCount},
                      {QStringLiteral("workerId"), t.value(QStringLiteral("workerId")).toString()},
                      {QStringLiteral("scheduledTime"), double(ms(t, "scheduledTime"))},
                      {QStringLiteral("startTime"), double(start)},
                      {QStringLiteral("endTime"), double(end)},
                      {QStringLiteral("durationMs"), double(start > 0 && end >= start ? end - start : 0)},
                      {QStringLiteral("pollCount"), t.value(QStringLiteral("pollCount")).toInt()}};
        const QString reason = t.value(QStringLiteral("reasonForIncompletion")).toString();
        if (!reason.isEmpty())
            a.insert(QStringLiteral("error"), reason);
        const QJsonObject detail = t.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("error")).toObject();
        if (!detail.isEmpty())
            a.insert(QStringLiteral("errorDetail"), detail);
        if (t.contains(QStringLiteral("retriedTaskId")))
            a.insert(QStringLiteral("retriedTaskId"), t.value(QStringLiteral("retriedTaskId")));
        if (t.value(QStringLiteral("status")).toString() == QLatin1String("SCHEDULED")) {
            a.insert(QStringLiteral("dueTime"), double(dueMs(t)));
            a.insert(QStringLiteral("callbackAfterSeconds"), t.value(QStringLiteral("callbackAfterSeconds")));
        }
        attempts.append(a);
        latest = t;
    }
    QJsonObject out{{QStringLiteral("taskId"), task.value(QStringLiteral("taskId"))},
                    {QStringLiteral("workflowId"), task.value(QStringLiteral("workflowInstanceId"))},
                    {QStringLiteral("referenceTaskName"), ref},
                    {QStringLiteral("taskType"), task.value(QStringLiteral("taskType"))},
                    {QStringLiteral("attemptCount"), int(attempts.size())},
                    {QStringLiteral("maxAttempts"), of},
                    {QStringLiteral("attempts"), attempts}};
    if (!latest.isEmpty()) {
        const QString status = latest.value(QStringLiteral("status")).toString();
        out.insert(QStringLiteral("status"), status);
        out.insert(QStringLiteral("latestTaskId"), latest.value(QStringLiteral("taskId")));
        if (status == QLatin1String("SCHEDULED"))
            out.insert(QStringLiteral("nextAttemptDueTime"), double(dueMs(latest)));
    }
    return out;
}

void AttemptRoutes::registerRoutes(ApiRouter &router, Engine *engine, DeadLetterQueue::Poster dlq)
{
    router.add("GET", QStringLiteral("/api/tasks/{taskId}/attempts"), Access::Viewer, [engine, dlq](const RequestContext &ctx) {
        const QString taskId = ctx.param(QStringLiteral("taskId"));
        engine->task(taskId, [engine, dlq, ctx](Result<QJsonObject> task) {
            if (!task.ok())
                return ctx.replyError(task.error());
            const QJsonObject t = task.value();
            const QStringList projects = ctx.principal() ? ctx.principal()->projects : QStringList();
            const QString project = t.value(QStringLiteral("projectId")).toString();
            if (!projects.isEmpty() && !projects.contains(project))
                return ctx.replyError(Error::notFound(QStringLiteral("Task not found for taskId: %1")
                                                          .arg(t.value(QStringLiteral("taskId")).toString())));
            const QString workflowId = t.value(QStringLiteral("workflowInstanceId")).toString();
            engine->workflow(workflowId, true, [engine, dlq, ctx, t](Result<QJsonObject> wf) {
                if (!wf.ok())
                    return ctx.replyError(wf.error());
                const QJsonArray tasks = wf.value().value(QStringLiteral("tasks")).toArray();
                engine->taskDef(t.value(QStringLiteral("taskDefName")).toString(), [dlq, ctx, t, tasks](Result<QJsonObject> def) {
                    ctx.post([dlq, ctx, t, tasks, def = def.ok() ? def.value() : QJsonObject()] {
                        const QJsonObject out = attemptsJson(t, tasks, def);
                        if (!dlq)
                            return ctx.replyJson(out);
                        dlq([ctx, out](DeadLetterQueue &q) {
                            QJsonObject answer = out;
                            auto e = q.entryFor(out.value(QStringLiteral("workflowId")).toString(),
                                                out.value(QStringLiteral("referenceTaskName")).toString());
                            if (e.ok() && e.value())
                                answer.insert(QStringLiteral("deadLetter"),
                                              QJsonObject{{QStringLiteral("id"), e.value()->id},
                                                          {QStringLiteral("status"), DeadLetterEntry::statusName(e.value()->status)},
                                                          {QStringLiteral("reasonClass"), e.value()->reasonClass}});
                            ctx.replyJson(answer);
                        });
                    });
                });
            });
        });
    })
        .summary(QStringLiteral("Attempts of a task"))
        .description(QStringLiteral("Every attempt of the task's reference in its workflow: attempt n of N, status, "
                                    "worker, times, error, when the next attempt is due, and its DLQ entry if it "
                                    "dead-lettered."))
        .tag(QStringLiteral("tasks"))
        .allowScoped()
        .response(200, QStringLiteral("{taskId, workflowId, referenceTaskName, attemptCount, maxAttempts, attempts: [...]}"))
        .response(404, QStringLiteral("no such task"));
}

} // namespace orrery
