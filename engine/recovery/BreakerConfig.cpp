#include "BreakerConfig.h"

#include "JsonFieldReader.h"

#include <algorithm>

namespace orrery {

QString BreakerConfig::windowTypeName(WindowType t)
{
    return t == WindowType::Seconds ? QStringLiteral("SECONDS") : QStringLiteral("CALLS");
}

Result<BreakerConfig> BreakerConfig::fromJson(const QJsonObject &json, const QString &pathPrefix)
{
    return fromJson(json, pathPrefix, BreakerConfig());
}

Result<BreakerConfig> BreakerConfig::fromJson(const QJsonObject &json, const QString &pathPrefix,
                                              const BreakerConfig &base)
{
    JsonFieldReader r(json, pathPrefix);
    BreakerConfig c = base;
    c.failureThreshold = int(r.integer(QStringLiteral("failureThreshold"), c.failureThreshold, 0, 1000000,
                                       QStringLiteral("0 turns the consecutive-failure rule off")));
    c.failureRateThreshold = int(r.integer(QStringLiteral("failureRateThreshold"), c.failureRateThreshold, 0, 100,
                                           QStringLiteral("a percentage; 0 turns the failure-rate rule off")));
    const QString type = r.enumeration(QStringLiteral("slidingWindowType"), windowTypeName(c.windowType),
                                       {windowTypeName(WindowType::Calls), windowTypeName(WindowType::Seconds)});
    c.windowType = type == windowTypeName(WindowType::Seconds) ? WindowType::Seconds : WindowType::Calls;
    const int maxSize = c.windowType == WindowType::Seconds ? kMaxWindowSeconds : kMaxWindowCalls;
    c.windowSize = int(r.integer(QStringLiteral("slidingWindowSize"), std::min(c.windowSize, maxSize), 1, maxSize,
                                 c.windowType == WindowType::Seconds ? QStringLiteral("seconds of history")
                                                                     : QStringLiteral("calls of history")));
    c.minimumCalls = int(r.integer(QStringLiteral("minimumCalls"), c.minimumCalls, 1, 1000000));
    if (r.has(QStringLiteral("resetTimeoutSeconds")))
        c.resetTimeoutMs = r.integer(QStringLiteral("resetTimeoutSeconds"), c.resetTimeoutMs / 1000, 1,
                                     7 * 24 * 3600) * 1000;
    c.halfOpenProbes = int(r.integer(QStringLiteral("halfOpenProbes"), c.halfOpenProbes, 1, 1000));
    if (c.windowType == WindowType::Calls && c.failureRateThreshold > 0 && c.minimumCalls > c.windowSize) {
        r.addError(QStringLiteral("minimumCalls"),
                   QStringLiteral("%1 (%2) must not exceed slidingWindowSize (%3): a window of %3 calls "
                                  "never holds %2, so the failure-rate rule could never open the breaker")
                       .arg(r.path(QStringLiteral("minimumCalls"))).arg(c.minimumCalls).arg(c.windowSize));
    }
    if (!r.errors().isEmpty())
        return Error::invalid(QStringLiteral("Invalid circuit breaker settings: %1").arg(r.errors().first().message),
                              r.errors());
    return c;
}

QJsonObject BreakerConfig::toJson() const
{
    return QJsonObject{
        {QStringLiteral("failureThreshold"), failureThreshold},
        {QStringLiteral("failureRateThreshold"), failureRateThreshold},
        {QStringLiteral("slidingWindowType"), windowTypeName(windowType)},
        {QStringLiteral("slidingWindowSize"), windowSize},
        {QStringLiteral("minimumCalls"), minimumCalls},
        {QStringLiteral("resetTimeoutSeconds"), double(resetTimeoutMs) / 1000.0},
        {QStringLiteral("halfOpenProbes"), halfOpenProbes},
    };
}

QList<FieldError> BreakerConfig::validate(const QString &pathPrefix) const
{
    QJsonObject json = toJson();
    // resetTimeoutMs may be set in code below one second (tests, fast local breakers): only
    // require it to be positive here.
    json.remove(QStringLiteral("resetTimeoutSeconds"));
    auto parsed = fromJson(json, pathPrefix);
    QList<FieldError> errors = parsed.ok() ? QList<FieldError>() : parsed.error().fieldErrors;
    if (resetTimeoutMs <= 0)
        errors.append({JsonFieldReader::joinPath(pathPrefix, QStringLiteral("resetTimeoutSeconds")),
                       QStringLiteral("resetTimeoutSeconds must be > 0"), double(resetTimeoutMs) / 1000.0});
    return errors;
}

} // namespace orrery
