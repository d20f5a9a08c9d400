#include "BreakerCounters.h"

#include "core/Result.h"

namespace orrery {

void BreakerCounters::writeJson(QJsonObject &o) const
{
    o.insert(QStringLiteral("calls"), double(calls));
    o.insert(QStringLiteral("successes"), double(successes));
    o.insert(QStringLiteral("failures"), double(failures));
    o.insert(QStringLiteral("ignoredFailures"), double(ignoredFailures));
    o.insert(QStringLiteral("rejections"), double(rejections));
    o.insert(QStringLiteral("trips"), double(trips));
    o.insert(QStringLiteral("pollsRefused"), double(pollsRefused));
    o.insert(QStringLiteral("consecutiveFailures"), consecutiveFailures);
}

qint64 readBreakerNumber(const QJsonObject &json, const char *field, const QString &owner, QList<FieldError> &errors)
{
    const QJsonValue v = json.value(QLatin1String(field));
    if (v.isUndefined())
        return 0;
    if (!v.isDouble() || v.toDouble() < 0) {
        errors.append({QLatin1String(field),
                       QStringLiteral("saved field %1 of breaker %2 must be a number >= 0").arg(QLatin1String(field), owner), v});
        return 0;
    }
    return qint64(v.toDouble());
}

BreakerCounters BreakerCounters::readJson(const QJsonObject &json, const QString &owner, QList<FieldError> &errors)
{
    auto number = [&](const char *field) { return readBreakerNumber(json, field, owner, errors); };
    BreakerCounters c;
    c.calls = quint64(number("calls"));
    c.successes = quint64(number("successes"));
    c.failures = quint64(number("failures"));
    c.ignoredFailures = quint64(number("ignoredFailures"));
    c.rejections = quint64(number("rejections"));
    c.trips = quint64(number("trips"));
    c.pollsRefused = quint64(number("pollsRefused"));
    c.consecutiveFailures = int(number("consecutiveFailures"));
    c.lastFailureMs = number("lastFailureMs");
    c.lastFailureMessage = json.value(QStringLiteral("lastFailureMessage")).toString();
    return c;
}

} // namespace orrery
