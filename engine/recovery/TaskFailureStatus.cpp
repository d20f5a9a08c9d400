#include "TaskFailureStatus.h"

namespace orrery {

QString taskFailureStatusName(TaskFailureStatus status)
{
    switch (status) {
    case TaskFailureStatus::Failed: return QStringLiteral("FAILED");
    case TaskFailureStatus::FailedWithTerminalError: return QStringLiteral("FAILED_WITH_TERMINAL_ERROR");
    case TaskFailureStatus::TimedOut: return QStringLiteral("TIMED_OUT");
    case TaskFailureStatus::Canceled: return QStringLiteral("CANCELED");
    }
    return QString();
}

std::optional<TaskFailureStatus> taskFailureStatusFromString(QStringView name)
{
    for (auto s : {TaskFailureStatus::Failed, TaskFailureStatus::FailedWithTerminalError,
                   TaskFailureStatus::TimedOut, TaskFailureStatus::Canceled}) {
        if (name == taskFailureStatusName(s))
            return s;
    }
    return std::nullopt;
}

bool isRetriableStatus(TaskFailureStatus status)
{
    return status == TaskFailureStatus::Failed || status == TaskFailureStatus::TimedOut;
}

} // namespace orrery
