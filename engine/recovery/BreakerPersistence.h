#pragma once

#include "BreakerSnapshot.h"
#include "BreakerTable.h"
#include "BreakerTripLog.h"
#include "core/Result.h"

#include <QList>
#include <QString>
#include <memory>
#include <vector>

namespace orrery {

class Clock;
class Store;

// Circuit breaker state and trips across restarts (docs/recovery.md, "Breakers across
// restarts"): the side that talks to the store, on a thread of its own (the recovery module's
// DLQ thread) with its own connection, so the engine thread that owns the breakers only posts
// snapshots and never waits for SQL. Trips are kept as BreakerTripLog keeps them: `retentionMs`
// and at most `maxTrips` rows (expired rows go at open and every kPruneEvery trips).
// Write errors are logged (orrery.recovery warning) and do not stop anything: the breakers keep
// working in memory. Not thread-safe: open, use and destroy it on one thread.
class BreakerPersistence
{
public:
    static constexpr int kPruneEvery = 100;

    struct Loaded
    {
        QList<BreakerSnapshot> states;
        std::vector<BreakerTripLog::Trip> trips; // oldest first, inside the retention
    };

    // `store` and `clock` must outlive it.
    BreakerPersistence(Store *store, const Clock *clock, qint64 retentionMs = BreakerTripLog::kRetentionMs,
                       int maxTrips = BreakerTripLog::kMaxTrips);
    ~BreakerPersistence();
    BreakerPersistence(const BreakerPersistence &) = delete;
    BreakerPersistence &operator=(const BreakerPersistence &) = delete;

    // Opens the connection, checks the tables, drops expired trips, reads what was saved.
    Result<Loaded> open();
    void close();

    void save(const BreakerSnapshot &snapshot);
    void addTrip(const QString &breaker, qint64 atMs);
    quint64 writeErrors() const { return m_writeErrors; }

private:
    void prune();

    Store *m_store;
    const Clock *m_clock;
    const qint64 m_retentionMs;
    const int m_maxTrips;
    const QString m_connectionName;
    std::unique_ptr<BreakerTable> m_table;
    int m_tripsSincePrune = 0;
    quint64 m_writeErrors = 0;
};

} // namespace orrery
