#pragma once

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace orrery {

// Conductor TaskDef (spec §5.1) plus Orrery's extensions (jitterPercent, terminalErrors, breaker).
// Typed fields are what the engine reads; `json` is the normalised definition (defaults filled in,
// unknown fields kept) that is stored and echoed back.
struct TaskDef
{
    QString name;
    int retryCount = 3;
    QString retryLogic = QStringLiteral("FIXED"); // FIXED | LINEAR_BACKOFF | EXPONENTIAL_BACKOFF
    int retryDelaySeconds = 60;
    int backoffScaleFactor = 1;
    int maxRetryDelaySeconds = 0;
    int backoffJitterMs = 0;
    int jitterPercent = 10;
    qint64 timeoutSeconds = 0;
    qint64 totalTimeoutSeconds = 0;
    qint64 responseTimeoutSeconds = 3600;
    std::optional<int> pollTimeoutSeconds;
    QString timeoutPolicy = QStringLiteral("TIME_OUT_WF"); // RETRY | TIME_OUT_WF | ALERT_ONLY
    int rateLimitPerFrequency = 0;
    int rateLimitFrequencyInSeconds = 1;
    int concurrentExecLimit = 0;
    QJsonObject inputTemplate;
    // Orrery extensions, read by orrery_recovery (docs/recovery.md): entries are integers
    // (HTTP status / exit code) or strings ("http:404", "exit:2", an error code). Here only their
    // shape is checked; ErrorClassifier::fromJson / BreakerConfig::fromJson check the rest.
    QJsonArray terminalErrors;  // failures that are never retried
    QJsonArray transientErrors; // failures that are always worth a retry
    QJsonObject breaker;        // circuit-breaker settings for this task type ({} = none)
    QString description;
    QString ownerEmail;
    qint64 createTime = 0;
    qint64 updateTime = 0;
    QJsonObject json;

    // Parses and validates (spec §3 rules). `path` prefixes field paths in errors
    // (e.g. "[2]" for the third element of a POSTed array).
    static Result<TaskDef> fromJson(const QJsonObject &obj, const QString &path = {});
    // Validation only; appends problems to `errors`.
    static void validate(const QJsonObject &obj, const QString &path, QList<FieldError> &errors);
    // Parse + validate, appending problems to `errors` (used for inline definitions inside a
    // WorkflowDef); the result is meaningful only when nothing was appended.
    static TaskDef parse(const QJsonObject &obj, const QString &path, QList<FieldError> &errors);
    // `json` with the typed fields written over it (so changing a typed field, e.g. createTime,
    // shows in the output); null-valued fields are left out, like Conductor's NON_NULL.
    QJsonObject toJson() const;

    bool operator==(const TaskDef &other) const = default;

    // The ad-hoc definition Conductor gives a SIMPLE task with no registered TaskDef (spec §3).
    static TaskDef adHoc(const QString &name);
};

} // namespace orrery
