#include "ExclusiveJoinTask.h"

#include "workflow/Decider.h"

#include <QJsonArray>

namespace orrery {

namespace {

// The first ref of `refs` that has a task (a SKIPPED one does not count).
const Task *firstScheduled(const WorkflowRun &run, const QStringList &refs, const QString &suffix)
{
    for (const QString &ref : refs) {
        const Task *t = run.latest(ref + suffix);
        if (t && t->status != TaskStatus::Skipped)
            return t;
    }
    return nullptr;
}

bool ended(const Task *t) { return t && isTerminal(t->status) && t->executed; }

} // namespace

QStringList ExclusiveJoinTask::defaultRefs(const WorkflowTask &node)
{
    QStringList refs;
    for (const QJsonValue &v : node.json.value(QStringLiteral("defaultExclusiveJoinTask")).toArray())
        refs.append(v.toString());
    return refs;
}

void ExclusiveJoinTask::start(const SystemTaskCall &call) const
{
    Task &t = call.task();
    t.inputData.insert(QStringLiteral("joinOn"), QJsonArray::fromStringList(call.node.joinOn));
    t.inputData.insert(QStringLiteral("defaultExclusiveJoinTask"), QJsonArray::fromStringList(defaultRefs(call.node)));
    call.inProgress();
}

bool ExclusiveJoinTask::evaluate(const SystemTaskCall &call) const
{
    const QString suffix = Decider::iterationSuffix(call.run, call.task());
    const Task *joined = firstScheduled(call.run, call.node.joinOn, suffix);
    if (!ended(joined)) {
        joined = firstScheduled(call.run, defaultRefs(call.node), suffix);
        if (!ended(joined))
            return false;
    }
    if (!isSuccessful(joined->status)) {
        const QString reason = QStringLiteral("Task %1 joined by EXCLUSIVE_JOIN %2 ended %3: %4")
                                   .arg(joined->referenceTaskName, call.node.taskReferenceName, toString(joined->status),
                                        joined->reasonForIncompletion);
        call.end(TaskStatus::Failed, {}, reason);
    } else {
        call.complete(joined->outputData);
    }
    return true;
}

} // namespace orrery
