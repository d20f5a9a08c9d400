#include "ExecutionModels.h"

#include "EngineClient.h"

#include <QBrush>

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
                    {QStringLiteral("reasonForIncompletion"), tr("Reason")},
                    {QStringLiteral("source"), tr("Source")}},
                   parent)
{
}

QColor WorkflowTableModel::remoteColor()
{
    return QColor(0x1f, 0x5f, 0xbf); // a blue that reads on light and dark backgrounds
}

QVariant WorkflowTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ForegroundRole && role != Qt::ToolTipRole))
        return JsonRowModel::data(index, role);
    const bool sourceColumn = index.column() == columnCount() - 1;
    const bool remote = EngineClient::isRemote(rowObject(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        if (sourceColumn)
            return remote ? tr("Remote") : tr("Local");
        break;
    case Qt::ForegroundRole:
        // Status keeps its own colour; every other cell of a remote row is blue.
        if (remote && index.column() != 3)
            return QBrush(remoteColor());
        break;
    case Qt::ToolTipRole:
        if (remote)
            return tr("Remote execution on the Conductor server, read through its API");
        break;
    default:
        break;
    }
    return JsonRowModel::data(index, role);
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
