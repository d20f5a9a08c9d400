#pragma once

#include "core/WorkflowDef.h"

#include <functional>

namespace orrery {

class FieldReader;

// Parses WorkflowTask nodes (spec §5.3) recursively — decisionCases, defaultCase, forkTasks,
// loopOver, inline taskDefinition — validating each node (spec §3) and normalising its `json`.
// Problems are appended to the error list given at construction, with full paths such as
// "tasks[0].decisionCases.a[1].name".
class WorkflowTaskParser
{
public:
    WorkflowTaskParser(QList<FieldError> &errors, TaskTemplateLookup taskTemplates);

    // `value` must be an array of task objects; `path` names it (e.g. "tasks", "tasks[3].loopOver").
    std::vector<WorkflowTask> parseList(const QJsonValue &value, const QString &path);
    WorkflowTask parseTask(const QJsonObject &obj, const QString &path);

    using Visitor = std::function<void(const WorkflowTask &task, const QString &path)>;
    // Depth-first walk (a node before its children) with each node's path.
    static void visit(const std::vector<WorkflowTask> &tasks, const QString &path, const Visitor &fn);

private:
    void readScalars(FieldReader &r, WorkflowTask &t);
    void readChildren(FieldReader &r, WorkflowTask &t);
    static QJsonObject normalise(const WorkflowTask &t, const QJsonObject &given);

    QList<FieldError> &m_errors;
    TaskTemplateLookup m_taskTemplates;
};

} // namespace orrery
