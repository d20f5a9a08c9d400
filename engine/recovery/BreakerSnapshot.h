#pragma once

#include "BreakerCounters.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QString>

namespace orrery {

// What a circuit breaker keeps across a restart (docs/recovery.md, "Breakers across restarts"):
// its state with the times it is computed from, and its counters. Taken by
// CircuitBreaker::snapshot() at every transition and operator action, saved in the store's
// breaker_states table, given back to CircuitBreaker::restore() at the next start. The sliding
// window, the in-flight probes and the recent failures are not kept: they describe calls of
// the previous process.
struct BreakerSnapshot
{
    QString name;
    QString state = QStringLiteral("CLOSED"); // CircuitBreaker::stateName
    qint64 openedAtMs = 0;    // OPEN / FORCED_OPEN: when; the reset timeout counts from here
    qint64 stateSinceMs = 0;  // the last transition
    qint64 savedAtMs = 0;     // when the snapshot was taken
    BreakerCounters counters;

    QJsonObject toJson() const;
    // Refuses an unknown state, a missing name and negative numbers, with the field's name.
    static Result<BreakerSnapshot> fromJson(const QJsonObject &json);
};

} // namespace orrery
