#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace orrery {

// The Conductor task statuses that end an attempt without success (spec §5.8): the only ones
// the retry decision is asked about. FAILED and TIMED_OUT can be retried;
// FAILED_WITH_TERMINAL_ERROR and CANCELED never are.
enum class TaskFailureStatus { Failed, FailedWithTerminalError, TimedOut, Canceled };

// "FAILED", "FAILED_WITH_TERMINAL_ERROR", "TIMED_OUT", "CANCELED" (exact Conductor spelling).
QString taskFailureStatusName(TaskFailureStatus status);

// Parses Conductor's spelling (case-sensitive, as Jackson reads enums); nullopt for any other
// status, including successful or non-terminal ones.
std::optional<TaskFailureStatus> taskFailureStatusFromString(QStringView name);

// Conductor's Task.Status.isRetriable() for the failure statuses.
bool isRetriableStatus(TaskFailureStatus status);

} // namespace orrery
