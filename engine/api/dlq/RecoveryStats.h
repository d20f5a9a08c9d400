#pragma once

#include "api/StatsRegistry.h"

#include <QMutex>
#include <QWaitCondition>
#include <functional>
#include <memory>
#include <optional>

namespace orrery {

class BreakerTripLog;
class DlqGauge;

// The recovery module's operating figures for GET /api/stats (docs/api.md §8):
//  - dlqDepth: entries in DEAD now (the same for every window); detail: total entries, tasks
//    dead-lettered (inflow) and entries replayed or removed (outflow) in the window;
//  - breakerTripRate: automatic transitions to OPEN in the window per hour (a breaker forced open
//    by an operator is not a trip, as in CircuitBreaker::trips()); detail: trips, per breaker, and
//    the calls and trips of every breaker since the server started (their counters).
//
// Runs on API query threads: everything it reads is thread-safe (DlqGauge, BreakerTripLog) and
// the breaker counters, which live on the engine thread, are asked for through `totals` (posts
// there and calls back) at most once per `totalsMaxAgeMs`, waiting at most `totalsWaitMs` for the
// answer; an engine that does not answer in time leaves the last known totals (with their time).
class RecoveryStats
{
public:
    struct BreakerTotals
    {
        quint64 calls = 0;
        quint64 trips = 0;
        int breakers = 0;
    };
    using TotalsDone = std::function<void(BreakerTotals)>;
    using TotalsReader = std::function<void(TotalsDone)>; // may call back on any thread, or never

    RecoveryStats(std::shared_ptr<const DlqGauge> gauge, std::shared_ptr<const BreakerTripLog> trips,
                  TotalsReader totals = {}, int totalsWaitMs = 250, qint64 totalsMaxAgeMs = 1000);

    StatsFigure dlqDepth(qint64 windowMs, qint64 nowMs) const;
    StatsFigure breakerTripRate(qint64 windowMs, qint64 nowMs) const;

    // Registers both figures; the providers keep `stats` alive. removeProviders() undoes it.
    static void registerProviders(StatsRegistry *registry, const std::shared_ptr<RecoveryStats> &stats);
    static void removeProviders(StatsRegistry *registry);

private:
    static constexpr qint64 kAbandonMs = 5000;
    struct TotalsState
    {
        QMutex mutex;
        QWaitCondition ready;
        std::optional<BreakerTotals> latest;
        qint64 asOfMs = 0;
        bool pending = false;
        qint64 askedMs = 0;
        quint64 requests = 0;
    };
    std::optional<BreakerTotals> totals(qint64 nowMs, qint64 *asOfMs) const;

    std::shared_ptr<const DlqGauge> m_gauge;
    std::shared_ptr<const BreakerTripLog> m_trips;
    TotalsReader m_totals;
    int m_totalsWaitMs;
    qint64 m_totalsMaxAgeMs;
    std::shared_ptr<TotalsState> m_state;
};

} // namespace orrery
