#include "DeadLetterEvent.h"

#include "core/Status.h"

namespace orrery {

EngineEvent deadLetteredEvent(const Task &task, int attempts, const QString &reasonClass, const QString &message, qint64 timeMs)
{
    QJsonObject p{{QStringLiteral("taskId"), task.taskId},
                  {QStringLiteral("workflowId"), task.workflowInstanceId},
                  {QStringLiteral("workflowType"), task.workflowType},
                  {QStringLiteral("taskType"), task.taskType},
                  {QStringLiteral("referenceTaskName"), task.referenceTaskName},
                  {QStringLiteral("status"), toString(task.status)},
                  {QStringLiteral("retryCount"), task.retryCount},
                  {QStringLiteral("attempts"), attempts},
                  {QStringLiteral("reasonClass"), reasonClass}};
    if (!message.isEmpty())
        p.insert(QStringLiteral("reason"), message);
    return EngineEvent{QStringLiteral("task_dead_lettered"), task.projectId, timeMs, p};
}

} // namespace orrery
