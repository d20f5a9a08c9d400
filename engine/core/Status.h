#pragma once

#include <QString>
#include <optional>

namespace orrery {

// Conductor's Task.Status (spec §5.8), with its terminal / successful / retriable flags.
enum class TaskStatus : quint8 {
    Scheduled,
    InProgress,
    Completed,
    CompletedWithErrors,
    Failed,
    FailedWithTerminalError,
    TimedOut,
    Canceled,
    Skipped,
};

// Conductor's Workflow.WorkflowStatus.
enum class WorkflowStatus : quint8 { Running, Paused, Completed, Failed, TimedOut, Terminated };

QString toString(TaskStatus s);
QString toString(WorkflowStatus s);
std::optional<TaskStatus> parseTaskStatus(const QString &s);
std::optional<WorkflowStatus> parseWorkflowStatus(const QString &s);

bool isTerminal(TaskStatus s);
bool isSuccessful(TaskStatus s);
bool isRetriable(TaskStatus s);
bool isTerminal(WorkflowStatus s);
bool isSuccessful(WorkflowStatus s);

} // namespace orrery
