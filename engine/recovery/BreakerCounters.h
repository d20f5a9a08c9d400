#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace orrery {

struct FieldError;

// A circuit breaker's counters (docs/recovery.md, "Circuit breakers"): what CircuitBreaker counts
// as calls are made and what a BreakerSnapshot keeps across a restart, in one place so that the
// two and the JSON of /api/circuitbreaker/status and the store cannot drift apart.
struct BreakerCounters
{
    quint64 calls = 0;           // outcomes recorded (success + failure)
    quint64 successes = 0;
    quint64 failures = 0;        // counted failures
    quint64 ignoredFailures = 0; // failures that say nothing about the resource's health
    quint64 rejections = 0;      // calls refused while open
    quint64 trips = 0;           // automatic transitions to OPEN
    quint64 pollsRefused = 0;    // remote polls refused (RemotePollGate)
    int consecutiveFailures = 0;
    QString lastFailureMessage;  // of the last counted failure
    qint64 lastFailureMs = 0;    // 0 = none yet

    // Adds the counters (calls ... consecutiveFailures) to `o` as numbers; lastFailure* are left
    // to the caller, whose JSON shapes differ.
    void writeJson(QJsonObject &o) const;
    // Reads what writeJson() wrote plus "lastFailureMs" / "lastFailureMessage"; a missing field is
    // 0, a field that is not a number >= 0 is appended to `errors` naming the field and `owner`.
    static BreakerCounters readJson(const QJsonObject &json, const QString &owner, QList<FieldError> &errors);
};

// A saved number of breaker `owner`: 0 when missing; when not a number >= 0, 0 and an error naming
// the field in `errors`.
qint64 readBreakerNumber(const QJsonObject &json, const char *field, const QString &owner, QList<FieldError> &errors);

} // namespace orrery
