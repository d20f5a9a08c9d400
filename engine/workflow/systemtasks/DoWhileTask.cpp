#include "DoWhileTask.h"

#include "script/ScriptEvaluator.h"
#include "workflow/Decider.h"
#include "workflow/ParameterResolver.h"

#include <QJsonArray>

namespace orrery {

namespace {

QJsonArray loopItems(const SystemTaskCall &call)
{
    return call.task().inputData.value(QStringLiteral("items")).toArray();
}

// `items` on the node (an expression) or as an input (resolved with the other inputs).
bool hasItems(const SystemTaskCall &call)
{
    return call.node.json.contains(QStringLiteral("items")) || call.node.inputParameters.contains(QStringLiteral("items"));
}

void collect(const std::vector<WorkflowTask> &list, QSet<QString> &refs)
{
    for (const WorkflowTask &wt : list) {
        refs.insert(wt.taskReferenceName);
        for (const auto &c : wt.decisionCases)
            collect(c, refs);
        collect(wt.defaultCase, refs);
        for (const auto &f : wt.forkTasks)
            collect(f, refs);
    }
}

} // namespace

QSet<QString> DoWhileTask::bodyRefs(const WorkflowTask &node)
{
    QSet<QString> refs;
    collect(node.loopOver, refs);
    return refs;
}

void DoWhileTask::start(const SystemTaskCall &call) const
{
    if (hasItems(call)) {
        // `items` is resolved like an input; the list is kept in the loop's input.
        const QJsonValue items = call.node.json.contains(QStringLiteral("items"))
                                     ? ParameterResolver::resolve(call.node.json.value(QStringLiteral("items")),
                                                                  call.decider.expressionContext(call.run), call.task().taskId)
                                     : call.task().inputData.value(QStringLiteral("items"));
        if (!items.isArray()) {
            call.end(TaskStatus::FailedWithTerminalError, {},
                     QStringLiteral("items of %1 must resolve to a list").arg(call.node.taskReferenceName));
            return;
        }
        call.task().inputData.insert(QStringLiteral("items"), items);
    }
    call.inProgress();
    beginIteration(call, 1);
}

bool DoWhileTask::beginIteration(const SystemTaskCall &call, int iteration) const
{
    Task &t = call.task();
    if (hasItems(call)) {
        const QJsonArray items = loopItems(call);
        if (iteration > items.size()) {
            call.end(TaskStatus::Completed, t.outputData);
            return true;
        }
        t.outputData.insert(QStringLiteral("loopItem"), items.at(iteration - 1));
        t.outputData.insert(QStringLiteral("loopIndex"), iteration - 1);
    }
    t.iteration = iteration;
    t.outputData.insert(QStringLiteral("iteration"), iteration);
    call.changed();
    if (call.node.loopOver.empty()) {
        call.end(TaskStatus::Completed, t.outputData);
        return true;
    }
    call.decider.scheduleChild(call.run, call.index, call.node.loopOver.front(), call.out, iteration);
    return true;
}

bool DoWhileTask::evaluate(const SystemTaskCall &call) const
{
    const QSet<QString> body = bodyRefs(call.node);
    const int iteration = call.task().iteration;
    QJsonObject iterationOutput;
    QJsonObject latestOutputs;
    QStringList failures;
    bool any = false;
    for (const Task &t : call.run.tasks) {
        const QString base = Decider::baseRef(t.referenceTaskName);
        if (!body.contains(base) || t.referenceTaskName == base)
            continue;
        latestOutputs.insert(base, t.outputData);
        if (t.iteration != iteration)
            continue;
        any = true;
        if (!isTerminal(t.status) || !t.executed)
            return false;
        if (!t.retried) {
            iterationOutput.insert(base, t.outputData);
            if (!isSuccessful(t.status))
                failures.append(t.reasonForIncompletion);
        }
    }
    if (!any) // a restart between the loop's change and its first task: schedule it again
        return beginIteration(call, std::max(1, iteration));

    Task &loop = call.task();
    loop.outputData.insert(QString::number(iteration), iterationOutput);
    const int keepLastN = loop.inputData.value(QStringLiteral("keepLastN")).toInt(0);
    if (keepLastN > 0)
        for (int old = iteration - keepLastN; old >= 1 && loop.outputData.contains(QString::number(old)); --old)
            loop.outputData.remove(QString::number(old));
    if (!failures.isEmpty()) {
        call.end(TaskStatus::Failed, loop.outputData, failures.join(QLatin1Char(' ')));
        return true;
    }

    bool more = true;
    if (hasItems(call))
        more = iteration < loopItems(call).size();
    if (more && !call.node.loopCondition.isEmpty()) {
        QJsonObject bindings = loop.inputData;
        for (auto it = latestOutputs.begin(); it != latestOutputs.end(); ++it)
            bindings.insert(it.key(), it.value());
        bindings.insert(loop.referenceTaskName, loop.outputData);
        const ScriptResult r = call.decider.scripts().evaluate(call.node.loopCondition, bindings, ScriptLimits::condition());
        if (!r.ok()) {
            call.end(r.terminal() ? TaskStatus::FailedWithTerminalError : TaskStatus::Failed,
                     call.task().outputData,
                     QStringLiteral("Unable to evaluate condition %1, exception %2").arg(call.node.loopCondition, r.error));
            return true;
        }
        more = ScriptEvaluator::truthy(r.value);
    } else if (!hasItems(call)) {
        more = false;
    }
    if (!more) {
        call.end(TaskStatus::Completed, call.task().outputData);
        return true;
    }
    return beginIteration(call, iteration + 1);
}

} // namespace orrery
