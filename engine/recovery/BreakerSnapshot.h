#pragma once

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
    quint64 calls = 0;
    quint64 successes = 0;
    quint64 failures = 0;
    quint64 ignoredFailures = 0;
    quint64 rejections = 0;
    quint64 trips = 0;
    quint64 pollsRefused = 0;
    int consecutiveFailures = 0;
    QString lastFailureMessage;
    qint64 lastFailureMs = 0;

    QJsonObject toJson() const;
    // Refuses an unknown state, a missing name and negative numbers, with the field's name.
    static Result<BreakerSnapshot> fromJson(const QJsonObject &json);
};

} // namespace orrery
