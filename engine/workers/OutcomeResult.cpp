#include "OutcomeResult.h"

namespace orrery {

FailureFacts OutcomeResult::factsOf(const TaskOutcome &o)
{
    const FailureInfo &f = o.failure;
    FailureFacts facts;
    facts.errorCode = f.errorCode;
    facts.message = o.reason;
    if (f.kind == QLatin1String("http")) {
        facts.kind = FailureFacts::Kind::Http;
        facts.httpStatus = f.httpStatus;
    } else if (f.kind == QLatin1String("shell") && f.exitCode >= 0) {
        facts.kind = FailureFacts::Kind::Shell;
        facts.exitCode = f.exitCode;
    } else if (f.kind == QLatin1String("network") || f.kind == QLatin1String("timeout")) {
        facts.kind = FailureFacts::Kind::Network;
    }
    return facts;
}

void OutcomeResult::applyClassification(TaskResult &r, const ErrorClassifier::Classification &verdict)
{
    if (r.status == TaskStatus::Failed && verdict.isTerminal())
        r.status = TaskStatus::FailedWithTerminalError;
    else if (r.status == TaskStatus::FailedWithTerminalError && !verdict.isTerminal()
             && verdict.rule.startsWith(QLatin1String("transientErrors")))
        r.status = TaskStatus::Failed;
    QJsonObject error = r.outputData.value(QStringLiteral("error")).toObject();
    error.insert(QStringLiteral("errorClass"), ErrorClassifier::className(verdict.errorClass));
    error.insert(QStringLiteral("classifiedBy"), verdict.rule);
    r.outputData.insert(QStringLiteral("error"), error);
    r.hasOutputData = true;
}

TaskResult OutcomeResult::toResult(const TaskOutcome &o, const QString &workerId)
{
    TaskResult r;
    r.taskId = o.taskId;
    r.workerId = workerId;
    switch (o.status) {
    case TaskOutcome::Completed: r.status = TaskStatus::Completed; break;
    case TaskOutcome::Failed: r.status = TaskStatus::Failed; break;
    case TaskOutcome::FailedTerminal: r.status = TaskStatus::FailedWithTerminalError; break;
    }
    r.outputData = o.output;
    if (!o.failure.isEmpty())
        r.outputData.insert(QStringLiteral("error"), o.failure.toJson());
    r.hasOutputData = true;
    r.reasonForIncompletion = o.reason.left(500);
    for (const QString &line : o.logs)
        r.logs.append(TaskLog{o.taskId, line, o.finishedMs});
    return r;
}

} // namespace orrery
