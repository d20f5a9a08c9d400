#include "ExecutionModels.h"

namespace orrery {

WorkflowTableModel::WorkflowTableModel(QObject *parent)
    : JsonRowModel(QStringLiteral("workflowId"), QStringLiteral("workflowType"),
                   {{QStringLiteral("workflowId"), tr("Workflow id")},
                    {QStringLiteral("workflowType"), tr("Type")},
                    {QStringLiteral("version"), tr("Version")},
                    {QStringLiteral("status"), tr("Status")},
                    {QStringLiteral("startTime"), tr("Started")},
                    {QStringLiteral("updateTime"), tr("Updated")},
                    {QStringLiteral("correlationId"), tr("Correlation id")},
                    {QStringLiteral("reasonForIncompletion"), tr("Reason")}},
                   parent)
{
}

TaskTableModel::TaskTableModel(QObject *parent)
    : JsonRowModel(QStringLiteral("taskId"), QStringLiteral("taskType"),
                   {{QStringLiteral("taskId"), tr("Task id")},
                    {QStringLiteral("taskType"), tr("Type")},
                    {QStringLiteral("referenceTaskName"), tr("Reference")},
                    {QStringLiteral("status"), tr("Status")},
                    {QStringLiteral("retryCount"), tr("Retry")},
                    {QStringLiteral("workflowInstanceId"), tr("Workflow id")},
                    {QStringLiteral("workerId"), tr("Worker")},
                    {QStringLiteral("updateTime"), tr("Updated")},
                    {QStringLiteral("reasonForIncompletion"), tr("Reason")}},
                   parent)
{
}

} // namespace orrery
