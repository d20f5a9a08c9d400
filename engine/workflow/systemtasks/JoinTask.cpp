#include "JoinTask.h"

#include "workflow/Decider.h"

#include <QJsonArray>

namespace orrery {

void JoinTask::start(const SystemTaskCall &call) const
{
    call.inProgress();
}

QStringList JoinTask::joinOn(const SystemTaskCall &call)
{
    const QJsonValue dynamic = call.task().inputData.value(QStringLiteral("joinOn"));
    if (dynamic.isArray()) {
        QStringList refs;
        for (const QJsonValue &v : dynamic.toArray())
            refs.append(v.toString());
        return refs;
    }
    return call.node.joinOn;
}

bool JoinTask::evaluate(const SystemTaskCall &call) const
{
    const QString suffix = Decider::iterationSuffix(call.run, call.task());
    QJsonObject output;
    QStringList failed;
    bool onlyCanceled = true;
    bool withErrors = false;
    for (const QString &ref : joinOn(call)) {
        const Task *t = call.run.latest(ref + suffix);
        if (!t || !isTerminal(t->status) || !t->executed)
            return false;
        if (!t->outputData.isEmpty())
            output.insert(ref, t->outputData);
        if (t->status == TaskStatus::CompletedWithErrors)
            withErrors = true;
        if (!isSuccessful(t->status)) {
            failed.append(QStringLiteral("%1 (%2)").arg(ref, toString(t->status)));
            onlyCanceled = onlyCanceled && t->status == TaskStatus::Canceled;
        }
    }
    if (!failed.isEmpty())
        call.end(onlyCanceled ? TaskStatus::Canceled : TaskStatus::Failed, output,
                 QStringLiteral("Joined tasks did not succeed: %1").arg(failed.join(QLatin1String(", "))));
    else
        call.end(withErrors ? TaskStatus::CompletedWithErrors : TaskStatus::Completed, output);
    return true;
}

} // namespace orrery
