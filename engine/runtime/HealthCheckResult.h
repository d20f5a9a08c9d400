#pragma once

#include <QJsonObject>
#include <QString>

namespace orrery {

// The outcome of one check of the health probe: {status, latencyMs, message, ...details}.
// `status` is "ok", "failed" or "skipped" (not configured); a skipped check is never ok.
struct HealthCheckResult
{
    QString status;
    double latencyMs = -1; // milliseconds (µs resolution); -1: not measured (skipped, or failed before the round trip)
    QString message;
    QJsonObject details; // merged into the JSON form (backend, freeBytes, endpoint, ...)

    static constexpr auto kOk = "ok";
    static constexpr auto kFailed = "failed";
    static constexpr auto kSkipped = "skipped";

    static HealthCheckResult ok(double latencyMs, QString message, QJsonObject details = {});
    static HealthCheckResult failed(QString message, double latencyMs = -1, QJsonObject details = {});
    static HealthCheckResult skipped(QString message);

    bool isFailed() const { return status == QLatin1String(kFailed); }
    QJsonObject toJson() const;
};

} // namespace orrery
