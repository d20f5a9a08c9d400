#pragma once

#include "core/Result.h"
#include "core/TaskDef.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace orrery {

// Conductor WorkflowTask (spec §5.3): one node of a workflow definition.
struct WorkflowTask
{
    QString name;
    QString taskReferenceName;
    QString type = QStringLiteral("SIMPLE");
    QJsonObject inputParameters;
    bool optional = false;
    bool permissive = false;
    int startDelay = 0;
    std::optional<int> retryCount;
    std::optional<TaskDef> taskDefinition;
    bool asyncComplete = false;
    // Type-specific settings (also present in `json`).
    QString evaluatorType;        // SWITCH
    QString expression;           // SWITCH
    QString caseValueParam;       // DECISION
    QString caseExpression;       // DECISION
    QString loopCondition;        // DO_WHILE
    QStringList joinOn;           // JOIN
    QJsonObject subWorkflowParam; // SUB_WORKFLOW
    QString dynamicTaskNameParam; // DYNAMIC
    QString sink;                 // EVENT
    // Control-flow children (SWITCH/DECISION, FORK_JOIN, DO_WHILE); the decider grows into them.
    QMap<QString, std::vector<WorkflowTask>> decisionCases;
    std::vector<WorkflowTask> defaultCase;
    std::vector<std::vector<WorkflowTask>> forkTasks;
    std::vector<WorkflowTask> loopOver;
    QJsonObject json; // the node as given, normalised (type filled in)

    QJsonObject toJson() const { return json; }
    bool operator==(const WorkflowTask &other) const = default;
};

// Looks up a registered TaskDef's inputTemplate by task name (empty object when none); lets the
// HTTP / KAFKA_PUBLISH / JSON_JQ_TRANSFORM rules accept a request that comes from the TaskDef.
using TaskTemplateLookup = std::function<QJsonObject(const QString &taskName)>;

// Conductor WorkflowDef (spec §5.2).
struct WorkflowDef
{
    QString name;
    int version = 1;
    std::vector<WorkflowTask> tasks;
    QJsonObject outputParameters;
    QJsonObject inputTemplate;
    QJsonObject variables;
    QString failureWorkflow;
    std::optional<int> failureWorkflowVersion;
    QString description;
    QString ownerEmail;
    QString timeoutPolicy = QStringLiteral("ALERT_ONLY");
    qint64 timeoutSeconds = 0;
    bool restartable = true;
    QString projectId; // Orrery extension: default project of executions
    qint64 createTime = 0;
    qint64 updateTime = 0;
    QJsonObject json; // normalised definition (defaults filled in, unknown fields kept)
    // Content hash of toJson(): executions are stored with this id instead of a copy of the
    // definition (the store keeps one snapshot per id). Empty until computeSnapshotId().
    QString snapshotId;
    void computeSnapshotId();

    static Result<WorkflowDef> fromJson(const QJsonObject &obj, const QString &path = {});
    static Result<WorkflowDef> fromJson(const QJsonObject &obj, const QString &path,
                                        const TaskTemplateLookup &taskTemplates);
    // Parse + validate, appending problems to `errors` (used for inline sub-workflow definitions).
    static WorkflowDef parse(const QJsonObject &obj, const QString &path, QList<FieldError> &errors,
                             const TaskTemplateLookup &taskTemplates = {});
    // `json` with the typed top-level fields and the tasks' json written over it.
    QJsonObject toJson() const;
    bool operator==(const WorkflowDef &other) const = default;

    // Depth-first search over the whole definition, nested tasks included.
    const WorkflowTask *findByRef(const QString &ref) const;
    // The node of a task's ref: findByRef, or without the DO_WHILE iteration suffix "__<n>".
    const WorkflowTask *findForTask(const QString &taskRef) const;
    // Every task of the definition, depth-first (a parent before its children).
    std::vector<const WorkflowTask *> allTasks() const;
};

using WorkflowDefPtr = std::shared_ptr<const WorkflowDef>;

} // namespace orrery
