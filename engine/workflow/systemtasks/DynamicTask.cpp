#include "DynamicTask.h"

#include "workflow/MetadataRegistry.h"
#include "workflow/ParameterResolver.h"
#include "workflow/systemtasks/SystemTaskRegistry.h"

#include <QJsonDocument>

namespace orrery {

bool DynamicTask::isControlFlow(const QString &type)
{
    static const QStringList kTypes = {QStringLiteral("SWITCH"),  QStringLiteral("DECISION"),          QStringLiteral("FORK_JOIN"),
                                       QStringLiteral("FORK_JOIN_DYNAMIC"), QStringLiteral("JOIN"), QStringLiteral("EXCLUSIVE_JOIN"),
                                       QStringLiteral("DO_WHILE"), QStringLiteral("DYNAMIC")};
    return kTypes.contains(type);
}

WorkflowTask DynamicTask::mapped(const WorkflowTask &node, const QString &taskName)
{
    WorkflowTask wt = node;
    wt.name = taskName;
    wt.type = SystemTaskRegistry::builtins().contains(taskName) ? taskName : QStringLiteral("SIMPLE");
    wt.json.insert(QStringLiteral("name"), wt.name);
    wt.json.insert(QStringLiteral("type"), wt.type);
    return wt;
}

Result<WorkflowTask> DynamicTask::map(const WorkflowTask &node, const QJsonObject &input, const MetadataRegistry &metadata)
{
    const QJsonValue value = input.value(node.dynamicTaskNameParam);
    const QString name = value.isUndefined() || value.isNull() ? QString() : ParameterResolver::toText(value).trimmed();
    if (name.isEmpty())
        return Error::invalid(QStringLiteral("Cannot map a dynamic task based on the parameter and input. Parameter= %1, input= %2")
                                  .arg(node.dynamicTaskNameParam,
                                       QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact)).left(300)));
    if (isControlFlow(name))
        return Error::invalid(QStringLiteral("DYNAMIC task %1 names %2, a control-flow type that cannot run as a dynamic task")
                                  .arg(node.taskReferenceName, name));
    if (!SystemTaskRegistry::builtins().contains(name) && !metadata.taskDef(name) && !node.taskDefinition)
        return Error::invalid(
            QStringLiteral("Invalid task specified. Cannot find task by name %1 in the task definitions (DYNAMIC task %2)")
                .arg(name, node.taskReferenceName));
    return mapped(node, name);
}

} // namespace orrery
