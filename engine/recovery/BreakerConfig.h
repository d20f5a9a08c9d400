#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>

namespace orrery {

// Settings of one circuit breaker (docs/recovery.md, "Circuit breakers").
// JSON (every field optional; absent fields come from `base`):
//   {"failureThreshold": 5, "failureRateThreshold": 50, "slidingWindowType": "CALLS",
//    "slidingWindowSize": 20, "minimumCalls": 10, "resetTimeoutSeconds": 60, "halfOpenProbes": 1}
struct BreakerConfig
{
    enum class WindowType { Calls, Seconds };

    static constexpr int kMaxWindowCalls = 10000;
    static constexpr int kMaxWindowSeconds = 3600;

    int failureThreshold = 5;       // consecutive counted failures that open; 0 = this rule is off
    int failureRateThreshold = 0;   // percent 1..100 of failures in the window that opens; 0 = off
    WindowType windowType = WindowType::Calls;
    int windowSize = 20;            // last N outcomes (Calls) or last N seconds (Seconds)
    int minimumCalls = 10;          // outcomes the window needs before its rate is judged
    qint64 resetTimeoutMs = 60000;  // open -> half-open after this long (JSON: resetTimeoutSeconds)
    int halfOpenProbes = 1;         // calls let through while half-open

    static Result<BreakerConfig> fromJson(const QJsonObject &json, const QString &pathPrefix = QString());
    // Same, with absent fields taken from `base` instead of the defaults.
    static Result<BreakerConfig> fromJson(const QJsonObject &json, const QString &pathPrefix,
                                          const BreakerConfig &base);
    QJsonObject toJson() const;
    QList<FieldError> validate(const QString &pathPrefix = QString()) const;

    static QString windowTypeName(WindowType t); // "CALLS" / "SECONDS"

    bool operator==(const BreakerConfig &) const = default;
};

} // namespace orrery
