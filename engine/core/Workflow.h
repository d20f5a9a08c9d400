#pragma once

#include "core/Status.h"
#include "core/Task.h"
#include "core/WorkflowDef.h"

#include <QJsonObject>
#include <QStringList>

namespace orrery {

// A workflow execution: Conductor's Workflow (spec §5.6) without its tasks (held beside it).
struct Workflow
{
    QString workflowId;
    QString workflowName;
    int workflowVersion = 1;
    WorkflowStatus status = WorkflowStatus::Running;
    QJsonObject input;
    QJsonObject output;
    QString correlationId;
    QString reasonForIncompletion;
    QString projectId; // Orrery extension
    qint64 createTime = 0;
    qint64 updateTime = 0;
    qint64 endTime = 0;
    qint64 lastRetriedTime = 0;
    int priority = 0;
    QJsonObject variables;
    QJsonObject taskToDomain;
    QStringList failedReferenceTaskNames;
    QStringList failedTaskNames;
    QString parentWorkflowId;
    QString parentWorkflowTaskId;
    QString createdBy;
    QString idempotencyKey;
    WorkflowDefPtr definition;

    // Conductor JSON. `tasks` is written as given (the caller decides includeTasks). Without
    // the definition, "definitionSnapshot" names it instead (the store's form).
    QJsonObject toJson(const QList<Task> &tasks, bool includeDefinition = true) const;
    // Lenient, for the store: the definition is parsed from "workflowDefinition".
    static Workflow fromJson(const QJsonObject &o);
};

} // namespace orrery
