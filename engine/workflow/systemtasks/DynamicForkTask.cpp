#include "DynamicForkTask.h"

#include "core/WorkflowTaskParser.h"
#include "workflow/Decider.h"

#include <QJsonArray>

namespace orrery {

void DynamicForkTask::start(const SystemTaskCall &call) const
{
    Task &t = call.task();
    const QJsonObject input = t.inputData;
    QJsonArray defs;
    QJsonObject inputs;
    if (input.contains(QStringLiteral("forkTaskName"))) {
        const QString name = input.value(QStringLiteral("forkTaskName")).toString();
        const QJsonValue list = input.value(QStringLiteral("forkTaskInputs"));
        if (name.isEmpty() || !list.isArray()) {
            call.end(TaskStatus::FailedWithTerminalError, {},
                     QStringLiteral("input.forkTaskName must be a task name and input.forkTaskInputs a list"));
            return;
        }
        const QJsonArray items = list.toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString ref = QStringLiteral("%1_%2").arg(name).arg(i);
            defs.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("taskReferenceName"), ref},
                                    {QStringLiteral("type"), QStringLiteral("SIMPLE")}});
            inputs.insert(ref, items.at(i));
        }
    } else if (call.node.json.contains(QStringLiteral("dynamicForkJoinTasksParam"))) {
        call.end(TaskStatus::FailedWithTerminalError, {},
                 QStringLiteral("dynamicForkJoinTasksParam (the legacy form) is not supported; use dynamicForkTasksParam with "
                                "dynamicForkTasksInputParamName, or the inputs forkTaskName and forkTaskInputs"));
        return;
    } else {
        const QJsonValue list = input.value(call.node.json.value(QStringLiteral("dynamicForkTasksParam")).toString());
        if (!list.isArray()) {
            call.end(TaskStatus::FailedWithTerminalError, {},
                     QStringLiteral("input.%1 (dynamicForkTasksParam) must be a list of tasks")
                         .arg(call.node.json.value(QStringLiteral("dynamicForkTasksParam")).toString()));
            return;
        }
        defs = list.toArray();
        inputs = input.value(call.node.json.value(QStringLiteral("dynamicForkTasksInputParamName")).toString()).toObject();
    }
    QList<FieldError> errors;
    WorkflowTaskParser parser(errors, {});
    const std::vector<WorkflowTask> tasks = parser.parseList(defs, QStringLiteral("input.dynamicTasks"));
    QStringList refs;
    for (const WorkflowTask &wt : tasks) {
        if (call.run.wf.definition && call.run.wf.definition->findByRef(wt.taskReferenceName))
            errors.append({QStringLiteral("input.dynamicTasks"),
                           QStringLiteral("ref %1 is already used in the workflow").arg(wt.taskReferenceName), {}});
        refs.append(wt.taskReferenceName);
    }
    if (!errors.isEmpty()) {
        QStringList lines;
        for (const FieldError &e : errors)
            lines.append(e.path + QStringLiteral(": ") + e.message);
        call.end(TaskStatus::FailedWithTerminalError, {}, lines.join(QLatin1String("; ")));
        return;
    }
    QJsonArray normalised;
    for (const WorkflowTask &wt : tasks) {
        normalised.append(wt.json);
        call.run.dynamicNodes.insert(wt.taskReferenceName, wt);
    }
    t.inputData.insert(QStringLiteral("forkedTasks"), QJsonArray::fromStringList(refs));
    t.inputData.insert(QStringLiteral("forkedTaskDefs"), normalised);
    t.inputData.insert(QStringLiteral("forkedTaskInputs"), inputs);
    call.complete({});
}

void DynamicForkTask::scheduleNext(const SystemTaskCall &call) const
{
    const QJsonObject input = call.task().inputData;
    const QJsonObject inputs = input.value(QStringLiteral("forkedTaskInputs")).toObject();
    const QJsonArray forked = input.value(QStringLiteral("forkedTasks")).toArray();
    for (const QJsonValue &ref : forked) {
        const auto it = call.run.dynamicNodes.constFind(ref.toString());
        if (it == call.run.dynamicNodes.constEnd())
            continue;
        const int index = call.decider.scheduleChild(call.run, call.index, *it, call.out);
        if (index >= 0) {
            const QJsonObject extra = inputs.value(ref.toString()).toObject();
            for (auto e = extra.begin(); e != extra.end(); ++e)
                call.run.tasks[size_t(index)].inputData.insert(e.key(), e.value());
        }
    }
    for (int index : call.decider.scheduleAfter(call.run, call.index, call.out)) {
        Task &next = call.run.tasks[size_t(index)];
        if (next.taskType == QLatin1String("JOIN"))
            next.inputData.insert(QStringLiteral("joinOn"), forked);
    }
}

} // namespace orrery
