#include "TerminateTask.h"

#include "workflow/Decider.h"

namespace orrery {

void TerminateTask::start(const SystemTaskCall &call) const
{
    const QJsonObject input = call.task().inputData;
    const QString status = input.value(QStringLiteral("terminationStatus")).toString();
    WorkflowStatus ws;
    if (status == QLatin1String("COMPLETED"))
        ws = WorkflowStatus::Completed;
    else if (status == QLatin1String("FAILED"))
        ws = WorkflowStatus::Failed;
    else if (status == QLatin1String("TERMINATED"))
        ws = WorkflowStatus::Terminated;
    else {
        call.end(TaskStatus::Failed, {},
                 QStringLiteral("input.terminationStatus '%1' must be COMPLETED, FAILED or TERMINATED")
                     .arg(input.value(QStringLiteral("terminationStatus")).toVariant().toString()));
        return;
    }
    const QJsonValue wo = input.value(QStringLiteral("workflowOutput"));
    QJsonObject output;
    if (wo.isObject())
        output = wo.toObject();
    else if (!wo.isUndefined() && !wo.isNull())
        output = QJsonObject{{QStringLiteral("output"), wo}};
    call.complete(output);
    call.task().executed = true;
    QString reason = input.value(QStringLiteral("terminationReason")).toString();
    if (reason.isEmpty())
        reason = QStringLiteral("Workflow is %1 by TERMINATE task: %2").arg(status, call.task().taskId);
    call.decider.finish(call.run, ws, reason, call.out, true); // spec §8.11: set for COMPLETED too, as OSS does
}

} // namespace orrery
