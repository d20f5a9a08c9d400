#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>
#include <functional>
#include <optional>

namespace orrery {

// Circuit breakers that live outside the engine's BreakerRegistry, on a thread of their own (the
// Conductor client's server breaker "conductor:<host:port>"), so that GET /api/circuitbreaker/
// status lists them beside the others and the operator actions reach them. The owner registers
// one Entry per breaker whose functions post to the breaker's thread and answer from there; it
// removes the entry before that thread stops. Thread-safe.
class ForeignBreakers
{
public:
    enum class Action { Open, Close, Reset };
    using StatusDone = std::function<void(QJsonObject)>;
    using ActDone = std::function<void(Result<QJsonObject>)>;

    struct Entry
    {
        QString name;   // the breaker's name
        QString source; // who holds it, e.g. "conductor-client" (added to its JSON as "source")
        // The breaker's toJson(); `done` is called exactly once, on any thread.
        std::function<void(StatusDone done)> status;
        // Applies `action` (`actor` names the operator in the reason) and answers the new status,
        // or an error (a Conflict the API answers 409 with its message).
        std::function<void(Action action, const QString &actor, ActDone done)> act;
    };

    // Replaces an entry of the same name.
    void add(Entry entry);
    void remove(const QString &name);
    std::optional<Entry> find(const QString &name) const;
    QList<Entry> entries() const;

    // Asks every entry for its status and calls `done` once with all of them (each marked with
    // its "source"), in registration order; at once with none when there is no entry.
    void collect(std::function<void(QList<QJsonObject>)> done) const;

private:
    mutable QMutex m_mutex;
    QList<Entry> m_entries;
};

} // namespace orrery
