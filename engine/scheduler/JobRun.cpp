#include "scheduler/JobRun.h"

namespace orrery {

QString JobRun::statusName(Status status)
{
    switch (status) {
    case Status::Claimed: return QStringLiteral("CLAIMED");
    case Status::Running: return QStringLiteral("RUNNING");
    case Status::Completed: return QStringLiteral("COMPLETED");
    case Status::Failed: return QStringLiteral("FAILED");
    case Status::TimedOut: return QStringLiteral("TIMED_OUT");
    case Status::Terminated: return QStringLiteral("TERMINATED");
    case Status::Missed: return QStringLiteral("MISSED");
    case Status::StartFailed: return QStringLiteral("START_FAILED");
    }
    return QString();
}

std::optional<JobRun::Status> JobRun::parseStatus(const QString &name)
{
    for (Status s : {Status::Claimed, Status::Running, Status::Completed, Status::Failed, Status::TimedOut,
                     Status::Terminated, Status::Missed, Status::StartFailed})
        if (statusName(s) == name)
            return s;
    return std::nullopt;
}

std::optional<JobRun::Status> JobRun::fromWorkflowStatus(const QString &workflowStatus)
{
    if (workflowStatus == QLatin1String("COMPLETED"))
        return Status::Completed;
    if (workflowStatus == QLatin1String("FAILED"))
        return Status::Failed;
    if (workflowStatus == QLatin1String("TIMED_OUT"))
        return Status::TimedOut;
    if (workflowStatus == QLatin1String("TERMINATED"))
        return Status::Terminated;
    return std::nullopt;
}

QString JobRun::correlationId() const
{
    return QStringLiteral("job:%1:%2").arg(jobId, runId);
}

QString JobRun::runIdFromCorrelation(const QString &correlationId)
{
    if (!correlationId.startsWith(QLatin1String("job:")))
        return QString();
    const qsizetype colon = correlationId.lastIndexOf(QLatin1Char(':'));
    return colon > 3 ? correlationId.mid(colon + 1) : QString();
}

} // namespace orrery
