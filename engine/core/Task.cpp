#include "Task.h"

#include <QJsonArray>

namespace orrery {

namespace {
void putString(QJsonObject &o, QLatin1String key, const QString &v)
{
    // Conductor (Jackson NON_NULL) leaves null fields out; an empty string is still written.
    if (!v.isNull())
        o.insert(key, v);
}
} // namespace

QJsonObject Task::toJson(bool includeWorkflowTask) const
{
    QJsonObject o;
    o.insert(QLatin1String("taskId"), taskId);
    o.insert(QLatin1String("taskType"), taskType);
    putString(o, QLatin1String("taskDefName"), taskDefName);
    putString(o, QLatin1String("referenceTaskName"), referenceTaskName);
    o.insert(QLatin1String("status"), toString(status));
    o.insert(QLatin1String("inputData"), inputData);
    o.insert(QLatin1String("outputData"), outputData);
    o.insert(QLatin1String("workflowInstanceId"), workflowInstanceId);
    putString(o, QLatin1String("workflowType"), workflowType);
    putString(o, QLatin1String("correlationId"), correlationId);
    putString(o, QLatin1String("projectId"), projectId);
    o.insert(QLatin1String("retryCount"), retryCount);
    putString(o, QLatin1String("retriedTaskId"), retriedTaskId);
    o.insert(QLatin1String("retried"), retried);
    o.insert(QLatin1String("executed"), executed);
    o.insert(QLatin1String("seq"), seq);
    o.insert(QLatin1String("pollCount"), pollCount);
    o.insert(QLatin1String("scheduledTime"), scheduledTime);
    o.insert(QLatin1String("startTime"), startTime);
    o.insert(QLatin1String("endTime"), endTime);
    o.insert(QLatin1String("updateTime"), updateTime);
    o.insert(QLatin1String("firstStartTime"), firstStartTime);
    o.insert(QLatin1String("firstScheduledTime"), firstScheduledTime);
    o.insert(QLatin1String("startDelayInSeconds"), startDelayInSeconds);
    o.insert(QLatin1String("callbackAfterSeconds"), callbackAfterSeconds);
    o.insert(QLatin1String("callbackFromWorker"), true);
    o.insert(QLatin1String("responseTimeoutSeconds"), responseTimeoutSeconds);
    putString(o, QLatin1String("reasonForIncompletion"), reasonForIncompletion);
    putString(o, QLatin1String("workerId"), workerId);
    putString(o, QLatin1String("domain"), domain);
    o.insert(QLatin1String("workflowPriority"), workflowPriority);
    o.insert(QLatin1String("iteration"), iteration);
    o.insert(QLatin1String("loopOverTask"), iteration > 0);
    o.insert(QLatin1String("rateLimitPerFrequency"), rateLimitPerFrequency);
    o.insert(QLatin1String("rateLimitFrequencyInSeconds"), rateLimitFrequencyInSeconds);
    putString(o, QLatin1String("subWorkflowId"), subWorkflowId);
    putString(o, QLatin1String("parentTaskId"), parentTaskId);
    if (includeWorkflowTask && !workflowTask.isEmpty())
        o.insert(QLatin1String("workflowTask"), workflowTask);
    const qint64 wait = (startTime > 0 && scheduledTime > 0) ? startTime - scheduledTime : 0;
    o.insert(QLatin1String("queueWaitTime"), wait > 0 ? wait : 0);
    return o;
}

Task Task::fromJson(const QJsonObject &o)
{
    auto str = [&](const char *k) {
        const QJsonValue v = o.value(QLatin1String(k));
        return v.isString() ? v.toString() : QString();
    };
    auto i64 = [&](const char *k, qint64 def = 0) {
        const QJsonValue v = o.value(QLatin1String(k));
        return v.isDouble() ? qint64(v.toDouble()) : def;
    };
    Task t;
    t.taskId = str("taskId");
    t.taskType = str("taskType");
    t.taskDefName = str("taskDefName");
    t.referenceTaskName = str("referenceTaskName");
    t.status = parseTaskStatus(str("status")).value_or(TaskStatus::Scheduled);
    t.inputData = o.value(QLatin1String("inputData")).toObject();
    t.outputData = o.value(QLatin1String("outputData")).toObject();
    t.workflowInstanceId = str("workflowInstanceId");
    t.workflowType = str("workflowType");
    t.correlationId = str("correlationId");
    t.projectId = str("projectId");
    t.retryCount = int(i64("retryCount"));
    t.retriedTaskId = str("retriedTaskId");
    t.retried = o.value(QLatin1String("retried")).toBool();
    t.executed = o.value(QLatin1String("executed")).toBool();
    t.seq = int(i64("seq"));
    t.pollCount = int(i64("pollCount"));
    t.scheduledTime = i64("scheduledTime");
    t.startTime = i64("startTime");
    t.endTime = i64("endTime");
    t.updateTime = i64("updateTime");
    t.firstStartTime = i64("firstStartTime");
    t.firstScheduledTime = i64("firstScheduledTime");
    t.startDelayInSeconds = int(i64("startDelayInSeconds"));
    t.callbackAfterSeconds = i64("callbackAfterSeconds");
    t.responseTimeoutSeconds = i64("responseTimeoutSeconds");
    t.reasonForIncompletion = str("reasonForIncompletion");
    t.workerId = str("workerId");
    t.domain = str("domain");
    t.workflowPriority = int(i64("workflowPriority"));
    t.iteration = int(i64("iteration"));
    t.rateLimitPerFrequency = int(i64("rateLimitPerFrequency"));
    t.rateLimitFrequencyInSeconds = int(i64("rateLimitFrequencyInSeconds", 1));
    t.subWorkflowId = str("subWorkflowId");
    t.parentTaskId = str("parentTaskId");
    t.workflowTask = o.value(QLatin1String("workflowTask")).toObject();
    return t;
}

} // namespace orrery
