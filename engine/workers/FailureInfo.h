#pragma once

#include <QJsonObject>
#include <QString>

namespace orrery {

// Hints for the recovery module, which decides transient vs terminal. The worker only reports
// what it saw; it never decides whether to retry.
struct FailureInfo
{
    // "http" (a response with a non-2xx status), "shell" (non-zero exit, crash, failed to start),
    // "network" (no HTTP response: refused, reset, DNS, TLS), "timeout", "input" (bad task
    // input or unknown type), "other" (handler errors, cancellation, pool shutdown).
    QString kind;
    int httpStatus = 0;   // set when kind == "http"
    int exitCode = -1;    // set when a process exited normally with a non-zero code
    // Machine-readable detail, e.g. "connection_refused", "connect_timeout", "read_timeout",
    // "http_503", "exit_code", "timed_out", "failed_to_start", "crashed", "invalid_input",
    // "unknown_task_type", "canceled", "pool_stopped", "handler_error".
    QString errorCode;

    bool isEmpty() const { return kind.isEmpty(); }
    QJsonObject toJson() const;
    static FailureInfo fromJson(const QJsonObject &json);
};

} // namespace orrery
