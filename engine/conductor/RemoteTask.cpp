#include "RemoteTask.h"

#include <QJsonArray>

namespace orrery {

std::optional<RemoteTask> RemoteTask::fromJson(const QJsonObject &o, const QString &polledType)
{
    RemoteTask t;
    t.taskId = o.value(QStringLiteral("taskId")).toString();
    t.workflowInstanceId = o.value(QStringLiteral("workflowInstanceId")).toString();
    if (t.taskId.isEmpty() || t.workflowInstanceId.isEmpty())
        return std::nullopt;
    t.taskType = o.value(QStringLiteral("taskDefName")).toString();
    if (t.taskType.isEmpty())
        t.taskType = o.value(QStringLiteral("taskType")).toString();
    if (t.taskType != polledType) // a server may name the def differently; the polled queue decides
        t.taskType = polledType;
    t.referenceTaskName = o.value(QStringLiteral("referenceTaskName")).toString();
    t.inputData = o.value(QStringLiteral("inputData")).toObject();
    t.retryCount = o.value(QStringLiteral("retryCount")).toInt();
    t.pollCount = o.value(QStringLiteral("pollCount")).toInt();
    t.responseTimeoutSeconds = o.value(QStringLiteral("responseTimeoutSeconds")).toInteger();
    return t;
}

TaskAssignment RemoteTask::assignment() const
{
    // The remote server enforces the task's timeouts; the pool enforces none of its own.
    return TaskAssignment{taskId, workflowInstanceId, taskType, inputData, retryCount, 0};
}

QJsonObject RemoteTask::resultJson(const TaskResult &r, const QString &workflowInstanceId)
{
    QJsonObject o{{QStringLiteral("taskId"), r.taskId},
                  {QStringLiteral("workflowInstanceId"), workflowInstanceId},
                  {QStringLiteral("status"), toString(r.status)},
                  {QStringLiteral("workerId"), r.workerId}};
    if (r.hasOutputData)
        o.insert(QStringLiteral("outputData"), r.outputData);
    if (!r.reasonForIncompletion.isEmpty())
        o.insert(QStringLiteral("reasonForIncompletion"), r.reasonForIncompletion.left(500));
    if (r.callbackAfterSeconds > 0)
        o.insert(QStringLiteral("callbackAfterSeconds"), double(r.callbackAfterSeconds));
    if (r.extendLease)
        o.insert(QStringLiteral("extendLease"), true);
    if (!r.logs.isEmpty()) {
        QJsonArray logs;
        for (const TaskLog &l : r.logs)
            logs.append(QJsonObject{{QStringLiteral("log"), l.log},
                                    {QStringLiteral("taskId"), l.taskId},
                                    {QStringLiteral("createdTime"), double(l.createdTime)}});
        o.insert(QStringLiteral("logs"), logs);
    }
    return o;
}

} // namespace orrery
