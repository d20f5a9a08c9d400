#include "TaskOutcome.h"

#include <QJsonArray>

namespace orrery {

TaskOutcome TaskOutcome::completed(QJsonObject output)
{
    TaskOutcome o;
    o.status = Completed;
    o.output = std::move(output);
    return o;
}

TaskOutcome TaskOutcome::failed(QString reason, FailureInfo failure, QJsonObject output)
{
    TaskOutcome o;
    o.status = Failed;
    o.reason = std::move(reason);
    o.failure = std::move(failure);
    o.output = std::move(output);
    return o;
}

TaskOutcome TaskOutcome::failedTerminal(QString reason, FailureInfo failure, QJsonObject output)
{
    TaskOutcome o = failed(std::move(reason), std::move(failure), std::move(output));
    o.status = FailedTerminal;
    return o;
}

TaskOutcome TaskOutcome::badInput(QString message)
{
    FailureInfo f;
    f.kind = QStringLiteral("input");
    f.errorCode = QStringLiteral("invalid_input");
    return failedTerminal(std::move(message), std::move(f));
}

QString TaskOutcome::statusName(Status status)
{
    switch (status) {
    case Completed: return QStringLiteral("COMPLETED");
    case Failed: return QStringLiteral("FAILED");
    case FailedTerminal: return QStringLiteral("FAILED_WITH_TERMINAL_ERROR");
    }
    return QStringLiteral("FAILED");
}

QJsonObject TaskOutcome::toJson() const
{
    QJsonObject o{
        {QStringLiteral("taskId"), taskId},
        {QStringLiteral("taskType"), taskType},
        {QStringLiteral("status"), statusName(status)},
        {QStringLiteral("output"), output},
        {QStringLiteral("startedMs"), startedMs},
        {QStringLiteral("finishedMs"), finishedMs},
    };
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reasonForIncompletion"), reason);
    if (!logs.isEmpty())
        o.insert(QStringLiteral("logs"), QJsonArray::fromStringList(logs));
    if (!failure.isEmpty())
        o.insert(QStringLiteral("failure"), failure.toJson());
    return o;
}

} // namespace orrery
