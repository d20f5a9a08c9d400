#pragma once

#include "recovery/BreakerPersistence.h"
#include "recovery/DeadLetterQueue.h"

#include <QList>
#include <QMetaObject>
#include <functional>
#include <memory>

namespace orrery {

class BreakerRegistry;
class Clock;
class Store;

// The recovery module's link between the breakers and their tables (docs/recovery.md, "Breakers
// across restarts"). A BreakerPersistence lives on the DLQ's thread; the engine thread that owns
// the registry posts snapshots and trips to it and never waits for SQL. The "store" breaker is
// not kept: it describes the writer of the process that had it and closes only when a failing
// writer recovers, which a new process would never report.
class BreakerKeeper
{
public:
    // Opens the tables on the DLQ's thread (blocking: start-up) and restores there the "webhook"
    // breaker and `trips` (the trip log of breakerTripRate). `clock` is the engine's.
    Result<void> open(DeadLetterQueue::Poster dlq, Store *store, const Clock *clock,
                      const std::shared_ptr<BreakerTripLog> &trips);
    // On the engine thread: restores the saved breakers into `registry` (after its
    // configuration) and saves every later change of one of them.
    QMetaObject::Connection keep(BreakerRegistry *registry);
    // Saves a trip recorded in the trip log at `atMs`; callable from any thread, also after
    // close() (then it saves nothing). Valid after open().
    using TripSink = std::function<void(const QString &breaker, qint64 atMs)>;
    TripSink tripSink() const;
    // Closes the connection on the DLQ's thread (blocking); later saves are dropped.
    void close();

    static bool isKept(const QString &breaker) { return breaker != QLatin1String("store"); }

private:
    DeadLetterQueue::Poster m_dlq;
    std::shared_ptr<BreakerPersistence> m_persistence; // used on the DLQ's thread only
    QList<BreakerSnapshot> m_saved;                    // read at open, restored by keep()
    QList<QMetaObject::Connection> m_connections;
};

} // namespace orrery
