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
                  {QStringLiteral("savedAtMs"), double(savedAtMs)}};
    counters.writeJson(o);
    if (counters.lastFailureMs > 0) {
        o.insert(QStringLiteral("lastFailureMs"), double(counters.lastFailureMs));
        o.insert(QStringLiteral("lastFailureMessage"), counters.lastFailureMessage);
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
    auto number = [&](const char *field) { return readBreakerNumber(json, field, s.name, errors); };
    s.openedAtMs = number("openedAtMs");
    s.stateSinceMs = number("stateSinceMs");
    s.savedAtMs = number("savedAtMs");
    s.counters = BreakerCounters::readJson(json, s.name, errors);
    if (!errors.isEmpty())
        return Error::invalid(errors.first().message, errors);
    return s;
}

} // namespace orrery
