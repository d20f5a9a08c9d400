#include "Status.h"

#include <array>

namespace orrery {

namespace {
constexpr std::array<const char *, 9> kTaskNames = {
    "SCHEDULED", "IN_PROGRESS", "COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED",
    "FAILED_WITH_TERMINAL_ERROR", "TIMED_OUT", "CANCELED", "SKIPPED"};
constexpr std::array<const char *, 6> kWorkflowNames = {
    "RUNNING", "PAUSED", "COMPLETED", "FAILED", "TIMED_OUT", "TERMINATED"};
} // namespace

QString toString(TaskStatus s) { return QString::fromLatin1(kTaskNames[size_t(s)]); }
QString toString(WorkflowStatus s) { return QString::fromLatin1(kWorkflowNames[size_t(s)]); }

std::optional<TaskStatus> parseTaskStatus(const QString &s)
{
    for (size_t i = 0; i < kTaskNames.size(); ++i)
        if (s == QLatin1String(kTaskNames[i]))
            return TaskStatus(i);
    return std::nullopt;
}

std::optional<WorkflowStatus> parseWorkflowStatus(const QString &s)
{
    for (size_t i = 0; i < kWorkflowNames.size(); ++i)
        if (s == QLatin1String(kWorkflowNames[i]))
            return WorkflowStatus(i);
    return std::nullopt;
}

bool isTerminal(TaskStatus s) { return s != TaskStatus::Scheduled && s != TaskStatus::InProgress; }

bool isSuccessful(TaskStatus s)
{
    switch (s) {
    case TaskStatus::Scheduled:
    case TaskStatus::InProgress:
    case TaskStatus::Completed:
    case TaskStatus::CompletedWithErrors:
    case TaskStatus::Skipped:
        return true;
    default:
        return false;
    }
}

bool isRetriable(TaskStatus s)
{
    return s != TaskStatus::FailedWithTerminalError && s != TaskStatus::Canceled && s != TaskStatus::Skipped;
}

bool isTerminal(WorkflowStatus s) { return s != WorkflowStatus::Running && s != WorkflowStatus::Paused; }
bool isSuccessful(WorkflowStatus s) { return s == WorkflowStatus::Paused || s == WorkflowStatus::Completed; }

} // namespace orrery
