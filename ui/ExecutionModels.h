#pragma once

#include "JsonRowModel.h"

namespace orrery {

// Workflow executions (rows of /api/workflow/search and workflow_* events), keyed by workflowId.
class WorkflowTableModel : public JsonRowModel
{
    Q_OBJECT

public:
    explicit WorkflowTableModel(QObject *parent = nullptr);
};

// Task attempts (rows of /api/tasks and task_* events), keyed by taskId.
class TaskTableModel : public JsonRowModel
{
    Q_OBJECT

public:
    explicit TaskTableModel(QObject *parent = nullptr);
};

} // namespace orrery
