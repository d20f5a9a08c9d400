#pragma once

#include "RetryDecision.h"
#include "TaskFailureStatus.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QString>
#include <optional>

namespace orrery {

enum class RetryLogic { Fixed, LinearBackoff, ExponentialBackoff };

// A task definition's retry budget (Conductor TaskDef fields, spec §5.1 and §6) plus Orrery's
// bounded jitter. A plain value type; every method is const and reentrant (randomness comes
// from the caller's generator). See docs/recovery.md for the formulas.
struct RetryPolicy
{
    static constexpr int kDefaultJitterPercent = 10;
    static constexpr int kMaxJitterPercent = 50;

    int retryCount = 3;                    // attempts allowed after the first one
    RetryLogic logic = RetryLogic::Fixed;  // JSON "retryLogic"
    int retryDelaySeconds = 60;
    int backoffScaleFactor = 1;            // >= 1, used by LINEAR_BACKOFF
    int maxRetryDelaySeconds = 0;          // 0 = no cap (applies to every logic)
    int jitterPercent = kDefaultJitterPercent; // Orrery extension: ±% of the base delay, 0..50
    int backoffJitterMs = 0;               // Conductor: + uniform[0, backoffJitterMs] ms
    qint64 totalTimeoutSeconds = 0;        // 0 = no budget across attempts

    // Reads the retry fields of a Conductor TaskDef JSON object. Absent/null fields keep the
    // defaults above; unknown fields are ignored; every bad value is reported as a FieldError
    // at "<pathPrefix>.<field>".
    static Result<RetryPolicy> fromJson(const QJsonObject &taskDefJson,
                                        const QString &pathPrefix = QString());
    // The retry fields in TaskDef spelling (merge into a TaskDef object).
    QJsonObject toJson() const;
    // Range checks for a policy built in code (fromJson applies the same rules).
    QList<FieldError> validate(const QString &pathPrefix = QString()) const;

    // Conductor's policy when a task has no TaskDef at all: no retry.
    static RetryPolicy noTaskDef();

    // Conductor's delay in seconds for the retry after the attempt whose retryCount was
    // failedRetryCount (0 for the first failure): FIXED d, LINEAR d*s*(n+1), EXPONENTIAL d*2^n,
    // clamped to INT_MAX on 32-bit overflow, then capped by maxRetryDelaySeconds.
    qint64 baseDelaySeconds(int failedRetryCount) const;

    // The real delay in ms: base*1000 ± jitterPercent% (uniform) + uniform[0, backoffJitterMs],
    // never above maxRetryDelaySeconds*1000 + backoffJitterMs when a cap is set, never < 0.
    qint64 delayMs(int failedRetryCount, QRandomGenerator &rng) const;

    // Whether the attempt that just ended with `status` is retried (spec §6 order: status,
    // terminal class, retries left, then the total-time budget) and after how long.
    // firstScheduledMs <= 0 means unknown (no budget check). The generator is drawn from only
    // when a retry is possible.
    RetryDecision decide(TaskFailureStatus status, int failedRetryCount, qint64 firstScheduledMs,
                         qint64 nowMs, QRandomGenerator &rng, bool isTerminalClass) const;

    static QString logicName(RetryLogic logic); // "FIXED", "LINEAR_BACKOFF", "EXPONENTIAL_BACKOFF"
    static std::optional<RetryLogic> logicFromName(const QString &name);

    bool operator==(const RetryPolicy &) const = default;
};

} // namespace orrery
