#include "HealthCheckResult.h"

#include <cmath>

namespace orrery {

HealthCheckResult HealthCheckResult::ok(double latencyMs, QString message, QJsonObject details)
{
    return HealthCheckResult{QString::fromLatin1(kOk), latencyMs, std::move(message), std::move(details)};
}

HealthCheckResult HealthCheckResult::failed(QString message, double latencyMs, QJsonObject details)
{
    return HealthCheckResult{QString::fromLatin1(kFailed), latencyMs, std::move(message), std::move(details)};
}

HealthCheckResult HealthCheckResult::skipped(QString message)
{
    return HealthCheckResult{QString::fromLatin1(kSkipped), -1, std::move(message), {}};
}

QJsonObject HealthCheckResult::toJson() const
{
    QJsonObject o = details;
    o.insert(QStringLiteral("status"), status);
    if (latencyMs >= 0)
        o.insert(QStringLiteral("latencyMs"), std::round(latencyMs * 1000) / 1000);
    o.insert(QStringLiteral("message"), message);
    return o;
}

} // namespace orrery
