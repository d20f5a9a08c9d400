#include "Workflow.h"

#include <QJsonArray>

namespace orrery {

QJsonObject Workflow::toJson(const QList<Task> &tasks, bool includeDefinition) const
{
    QJsonObject o;
    o.insert(QLatin1String("workflowId"), workflowId);
    o.insert(QLatin1String("workflowName"), workflowName);
    o.insert(QLatin1String("workflowVersion"), workflowVersion);
    o.insert(QLatin1String("status"), toString(status));
    o.insert(QLatin1String("input"), input);
    o.insert(QLatin1String("output"), output);
    if (!correlationId.isNull())
        o.insert(QLatin1String("correlationId"), correlationId);
    if (!reasonForIncompletion.isNull())
        o.insert(QLatin1String("reasonForIncompletion"), reasonForIncompletion);
    if (!projectId.isNull())
        o.insert(QLatin1String("projectId"), projectId);
    o.insert(QLatin1String("createTime"), createTime);
    o.insert(QLatin1String("startTime"), createTime);
    o.insert(QLatin1String("updateTime"), updateTime);
    o.insert(QLatin1String("endTime"), endTime);
    o.insert(QLatin1String("lastRetriedTime"), lastRetriedTime);
    o.insert(QLatin1String("priority"), priority);
    o.insert(QLatin1String("variables"), variables);
    o.insert(QLatin1String("taskToDomain"), taskToDomain);
    o.insert(QLatin1String("failedReferenceTaskNames"), QJsonArray::fromStringList(failedReferenceTaskNames));
    o.insert(QLatin1String("failedTaskNames"), QJsonArray::fromStringList(failedTaskNames));
    if (!parentWorkflowId.isNull())
        o.insert(QLatin1String("parentWorkflowId"), parentWorkflowId);
    if (!parentWorkflowTaskId.isNull())
        o.insert(QLatin1String("parentWorkflowTaskId"), parentWorkflowTaskId);
    if (!createdBy.isNull())
        o.insert(QLatin1String("createdBy"), createdBy);
    if (!idempotencyKey.isEmpty())
        o.insert(QLatin1String("idempotencyKey"), idempotencyKey);
    o.insert(QLatin1String("history"), QJsonArray());
    o.insert(QLatin1String("rateLimited"), false);
    if (definition && includeDefinition)
        o.insert(QLatin1String("workflowDefinition"), definition->toJson());
    else if (definition && !definition->snapshotId.isEmpty())
        o.insert(QLatin1String("definitionSnapshot"), definition->snapshotId);
    QJsonArray arr;
    for (const Task &t : tasks)
        arr.append(t.toJson());
    o.insert(QLatin1String("tasks"), arr);
    return o;
}

Workflow Workflow::fromJson(const QJsonObject &o)
{
    auto str = [&](const char *k) {
        const QJsonValue v = o.value(QLatin1String(k));
        return v.isString() ? v.toString() : QString();
    };
    auto i64 = [&](const char *k) { return qint64(o.value(QLatin1String(k)).toDouble()); };
    auto strings = [&](const char *k) {
        QStringList out;
        for (const QJsonValue &v : o.value(QLatin1String(k)).toArray())
            out.append(v.toString());
        return out;
    };
    Workflow w;
    w.workflowId = str("workflowId");
    w.workflowName = str("workflowName");
    w.workflowVersion = int(i64("workflowVersion"));
    w.status = parseWorkflowStatus(str("status")).value_or(WorkflowStatus::Running);
    w.input = o.value(QLatin1String("input")).toObject();
    w.output = o.value(QLatin1String("output")).toObject();
    w.correlationId = str("correlationId");
    w.reasonForIncompletion = str("reasonForIncompletion");
    w.projectId = str("projectId");
    w.createTime = i64("createTime");
    w.updateTime = i64("updateTime");
    w.endTime = i64("endTime");
    w.lastRetriedTime = i64("lastRetriedTime");
    w.priority = int(i64("priority"));
    w.variables = o.value(QLatin1String("variables")).toObject();
    w.taskToDomain = o.value(QLatin1String("taskToDomain")).toObject();
    w.failedReferenceTaskNames = strings("failedReferenceTaskNames");
    w.failedTaskNames = strings("failedTaskNames");
    w.parentWorkflowId = str("parentWorkflowId");
    w.parentWorkflowTaskId = str("parentWorkflowTaskId");
    w.createdBy = str("createdBy");
    w.idempotencyKey = str("idempotencyKey");
    const QJsonObject def = o.value(QLatin1String("workflowDefinition")).toObject();
    if (!def.isEmpty()) {
        auto parsed = WorkflowDef::fromJson(def);
        if (parsed.ok())
            w.definition = std::make_shared<const WorkflowDef>(std::move(parsed).value());
    }
    return w;
}

} // namespace orrery
