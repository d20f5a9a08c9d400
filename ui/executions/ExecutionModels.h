#pragma once

#include "JsonRowModel.h"

#include <QColor>

namespace orrery {

// Workflow executions (rows of /api/workflow/search and workflow_* events), keyed by workflowId.
// In client mode also the Conductor server's executions ("source": "remote"): the Source column
// says Local or Remote, and a remote row's text is drawn in a colour of its own.
class WorkflowTableModel : public JsonRowModel
{
    Q_OBJECT

public:
    explicit WorkflowTableModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // The colour of a remote row's text.
    static QColor remoteColor();
};

// Task attempts (rows of /api/tasks and task_* events), keyed by taskId.
class TaskTableModel : public JsonRowModel
{
    Q_OBJECT

public:
    explicit TaskTableModel(QObject *parent = nullptr);
};

} // namespace orrery
