#include "Decider.h"

// The decider's expression context (spec §8.6): what ${workflow.…} and ${<ref>.…} resolve to.

namespace orrery {

namespace {

QJsonObject taskContext(const Task &t)
{
    return QJsonObject{
        {QStringLiteral("input"), t.inputData},
        {QStringLiteral("output"), t.outputData},
        {QStringLiteral("taskType"), t.taskType},
        {QStringLiteral("status"), toString(t.status)},
        {QStringLiteral("referenceTaskName"), t.referenceTaskName},
        {QStringLiteral("retryCount"), t.retryCount},
        {QStringLiteral("correlationId"), t.correlationId},
        {QStringLiteral("pollCount"), t.pollCount},
        {QStringLiteral("taskDefName"), t.taskDefName},
        {QStringLiteral("scheduledTime"), t.scheduledTime},
        {QStringLiteral("startTime"), t.startTime},
        {QStringLiteral("endTime"), t.endTime},
        {QStringLiteral("workflowInstanceId"), t.workflowInstanceId},
        {QStringLiteral("taskId"), t.taskId},
        {QStringLiteral("reasonForIncompletion"), t.reasonForIncompletion},
        {QStringLiteral("callbackAfterSeconds"), t.callbackAfterSeconds},
        {QStringLiteral("workerId"), t.workerId},
        {QStringLiteral("iteration"), t.iteration},
    };
}

// Only the fields of ${workflow.<field>} that `roots` names ("workflow.input"): building the
// whole object for every task scheduled cost more than resolving its input.
QJsonObject workflowFields(const Workflow &wf, const QSet<QString> &roots)
{
    QJsonObject o;
    const QLatin1String prefix("workflow.");
    for (const QString &root : roots) {
        if (!root.startsWith(prefix))
            continue;
        const QStringView field = QStringView(root).mid(prefix.size());
        if (field == QLatin1String("input"))
            o.insert(QStringLiteral("input"), wf.input);
        else if (field == QLatin1String("output"))
            o.insert(QStringLiteral("output"), wf.output);
        else if (field == QLatin1String("status"))
            o.insert(QStringLiteral("status"), toString(wf.status));
        else if (field == QLatin1String("workflowId"))
            o.insert(QStringLiteral("workflowId"), wf.workflowId);
        else if (field == QLatin1String("parentWorkflowId"))
            o.insert(QStringLiteral("parentWorkflowId"), wf.parentWorkflowId);
        else if (field == QLatin1String("parentWorkflowTaskId"))
            o.insert(QStringLiteral("parentWorkflowTaskId"), wf.parentWorkflowTaskId);
        else if (field == QLatin1String("workflowType"))
            o.insert(QStringLiteral("workflowType"), wf.workflowName);
        else if (field == QLatin1String("version"))
            o.insert(QStringLiteral("version"), wf.workflowVersion);
        else if (field == QLatin1String("correlationId"))
            o.insert(QStringLiteral("correlationId"), wf.correlationId);
        else if (field == QLatin1String("reasonForIncompletion"))
            o.insert(QStringLiteral("reasonForIncompletion"), wf.reasonForIncompletion);
        else if (field == QLatin1String("schemaVersion"))
            o.insert(QStringLiteral("schemaVersion"), 2);
        else if (field == QLatin1String("variables"))
            o.insert(QStringLiteral("variables"), wf.variables);
        else if (field == QLatin1String("createTime"))
            o.insert(QStringLiteral("createTime"), wf.createTime);
        else if (field == QLatin1String("taskToDomain"))
            o.insert(QStringLiteral("taskToDomain"), wf.taskToDomain);
    }
    return o;
}

} // namespace

QJsonObject Decider::expressionContext(const WorkflowRun &run) const
{
    return expressionContext(run, nullptr);
}

QJsonObject Decider::expressionContext(const WorkflowRun &run, const QSet<QString> *roots) const
{
    const Workflow &wf = run.wf;
    QJsonObject ctx;
    if (roots && roots->contains(QStringLiteral("workflow")) && !roots->contains(QStringLiteral("workflow.*"))) {
        ctx.insert(QStringLiteral("workflow"), workflowFields(wf, *roots));
    } else if (!roots || roots->contains(QStringLiteral("workflow"))) {
        ctx.insert(QStringLiteral("workflow"), QJsonObject{{QStringLiteral("input"), wf.input},
                              {QStringLiteral("output"), wf.output},
                              {QStringLiteral("status"), toString(wf.status)},
                              {QStringLiteral("workflowId"), wf.workflowId},
                              {QStringLiteral("parentWorkflowId"), wf.parentWorkflowId},
                              {QStringLiteral("parentWorkflowTaskId"), wf.parentWorkflowTaskId},
                              {QStringLiteral("workflowType"), wf.workflowName},
                              {QStringLiteral("version"), wf.workflowVersion},
                              {QStringLiteral("correlationId"), wf.correlationId},
                              {QStringLiteral("reasonForIncompletion"), wf.reasonForIncompletion},
                              {QStringLiteral("schemaVersion"), 2},
                              {QStringLiteral("variables"), wf.variables},
                              {QStringLiteral("createTime"), wf.createTime},
                              {QStringLiteral("taskToDomain"), wf.taskToDomain}});
    }
    // Later attempts overwrite earlier ones: a retried ref resolves to its latest attempt, and a
    // loop task is also known by its ref without the iteration suffix (the latest iteration).
    for (const Task &t : run.tasks) {
        const bool full = !roots || roots->contains(t.referenceTaskName);
        const QString base = t.iteration > 0 ? baseRef(t.referenceTaskName) : QString();
        const bool stripped = !base.isEmpty() && base != t.referenceTaskName && (!roots || roots->contains(base));
        if (!full && !stripped)
            continue;
        const QJsonObject c = taskContext(t);
        if (full)
            ctx.insert(t.referenceTaskName, c);
        if (stripped)
            ctx.insert(base, c);
    }
    return ctx;
}

} // namespace orrery
