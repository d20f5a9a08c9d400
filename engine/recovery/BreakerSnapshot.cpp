#include "BreakerSnapshot.h"

#include <QStringList>

namespace orrery {

namespace {

const QStringList kStates = {QStringLiteral("CLOSED"), QStringLiteral("OPEN"), QStringLiteral("HALF_OPEN"),
                             QStringLiteral("FORCED_OPEN")};

} // namespace

QJsonObject BreakerSnapshot::toJson() const
{
    QJsonObject o{{QStringLiteral("name"), name},
                  {QStringLiteral("state"), state},
                  {QStringLiteral("openedAtMs"), double(openedAtMs)},
                  {QStringLiteral("stateSinceMs"), double(stateSinceMs)},
                  {QStringLiteral("savedAtMs"), double(savedAtMs)},
                  {QStringLiteral("calls"), double(calls)},
                  {QStringLiteral("successes"), double(successes)},
                  {QStringLiteral("failures"), double(failures)},
                  {QStringLiteral("ignoredFailures"), double(ignoredFailures)},
                  {QStringLiteral("rejections"), double(rejections)},
                  {QStringLiteral("trips"), double(trips)},
                  {QStringLiteral("pollsRefused"), double(pollsRefused)},
                  {QStringLiteral("consecutiveFailures"), consecutiveFailures}};
    if (lastFailureMs > 0) {
        o.insert(QStringLiteral("lastFailureMs"), double(lastFailureMs));
        o.insert(QStringLiteral("lastFailureMessage"), lastFailureMessage);
    }
    return o;
}

Result<BreakerSnapshot> BreakerSnapshot::fromJson(const QJsonObject &json)
{
    BreakerSnapshot s;
    QList<FieldError> errors;
    s.name = json.value(QStringLiteral("name")).toString();
    if (s.name.isEmpty())
        errors.append({QStringLiteral("name"), QStringLiteral("a saved breaker state has no name"), json.value(QStringLiteral("name"))});
    s.state = json.value(QStringLiteral("state")).toString();
    if (!kStates.contains(s.state))
        errors.append({QStringLiteral("state"),
                       QStringLiteral("saved state '%1' of breaker %2 is not one of %3")
                           .arg(s.state, s.name, kStates.join(QStringLiteral(", "))),
                       json.value(QStringLiteral("state"))});
    auto number = [&](const char *field) -> qint64 {
        const QJsonValue v = json.value(QLatin1String(field));
        if (v.isUndefined())
            return 0;
        if (!v.isDouble() || v.toDouble() < 0) {
            errors.append({QLatin1String(field),
                           QStringLiteral("saved field %1 of breaker %2 must be a number >= 0").arg(QLatin1String(field), s.name), v});
            return 0;
        }
        return qint64(v.toDouble());
    };
    s.openedAtMs = number("openedAtMs");
    s.stateSinceMs = number("stateSinceMs");
    s.savedAtMs = number("savedAtMs");
    s.calls = quint64(number("calls"));
    s.successes = quint64(number("successes"));
    s.failures = quint64(number("failures"));
    s.ignoredFailures = quint64(number("ignoredFailures"));
    s.rejections = quint64(number("rejections"));
    s.trips = quint64(number("trips"));
    s.pollsRefused = quint64(number("pollsRefused"));
    s.consecutiveFailures = int(number("consecutiveFailures"));
    s.lastFailureMs = number("lastFailureMs");
    s.lastFailureMessage = json.value(QStringLiteral("lastFailureMessage")).toString();
    if (!errors.isEmpty())
        return Error::invalid(errors.first().message, errors);
    return s;
}

} // namespace orrery
