#include "store/RecoverySharing.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace orrery {

namespace {

QByteArray compact(const QJsonValue &v)
{
    return v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                        : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
}

} // namespace

void RecoverySharing::Pool::intern(QString &s)
{
    if (s.isEmpty())
        return;
    const auto it = strings.constFind(s);
    if (it != strings.constEnd())
        s = *it;
    else
        strings.insert(s);
}

void RecoverySharing::shareNames(Workflow &wf, Pool &pool)
{
    for (QString *s : {&wf.workflowName, &wf.projectId, &wf.createdBy})
        pool.intern(*s);
}

void RecoverySharing::shareWithWorkflow(const Workflow &wf, Task &task, Pool &pool)
{
    for (auto [mine, theirs] : {std::pair{&task.workflowInstanceId, &wf.workflowId}, std::pair{&task.workflowType, &wf.workflowName},
                                std::pair{&task.correlationId, &wf.correlationId}, std::pair{&task.projectId, &wf.projectId}})
        if (*mine == *theirs)
            *mine = *theirs;
    for (QString *s : {&task.taskType, &task.taskDefName, &task.referenceTaskName, &task.workerId, &task.domain})
        pool.intern(*s);
    if (wf.input.isEmpty() || task.inputData.isEmpty())
        return;
    for (auto it = task.inputData.begin(); it != task.inputData.end(); ++it) {
        const QJsonValue value = it.value();
        if (!value.isObject() && !value.isArray())
            continue;
        QByteArray text;
        // The same name first (the usual ${workflow.input.items} -> items), then any other.
        const QJsonValue same = wf.input.value(it.key());
        QList<QJsonValue> candidates;
        if (same.type() == value.type())
            candidates << same;
        for (auto w = wf.input.constBegin(); w != wf.input.constEnd(); ++w)
            if (w.key() != it.key() && w.value().type() == value.type())
                candidates << w.value();
        for (const QJsonValue &candidate : candidates) {
            if (text.isEmpty())
                text = compact(value);
            if (compact(candidate) == text) {
                it.value() = candidate;
                break;
            }
        }
    }
}

} // namespace orrery
