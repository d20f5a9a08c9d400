#pragma once

#include <QJsonObject>
#include <QString>

namespace orrery {

// Why a failed attempt is, or is not, retried.
enum class RetryReason {
    Retryable,        // a new attempt is scheduled after delayMs
    Terminal,         // FAILED_WITH_TERMINAL_ERROR, or the error classifier called the failure terminal
    Canceled,         // CANCELED: never retried
    RetriesExhausted, // FAILED and retryCount <= attempts already retried
    TimedOut,         // TIMED_OUT and retryCount <= attempts already retried
    DeadlineExceeded, // totalTimeoutSeconds spent, or the next attempt would start after it
};

// The outcome of RetryPolicy::decide().
struct RetryDecision
{
    bool retry = false;
    qint64 delayMs = 0;           // meaningful only when retry is true
    RetryReason reasonClass = RetryReason::RetriesExhausted;
    // When retry is false: the status a non-optional task's workflow ends with, per Conductor
    // (spec §6): "TERMINATED" for CANCELED, "TIMED_OUT" when the task timed out, else "FAILED".
    // Empty when retry is true.
    QString workflowStatus;
    QString message;              // one sentence for logs, the DLQ entry and the UI

    // "RETRYABLE", "TERMINAL", "CANCELED", "RETRIES_EXHAUSTED", "TIMED_OUT", "DEADLINE_EXCEEDED".
    static QString reasonName(RetryReason reason);
    QJsonObject toJson() const;
};

} // namespace orrery
