#include "RecoveryStats.h"

#include "recovery/BreakerTripLog.h"
#include "recovery/DlqGauge.h"

#include <QDeadlineTimer>

namespace orrery {

RecoveryStats::RecoveryStats(std::shared_ptr<const DlqGauge> gauge, std::shared_ptr<const BreakerTripLog> trips,
                             TotalsReader totals, int totalsWaitMs, qint64 totalsMaxAgeMs)
    : m_gauge(std::move(gauge))
    , m_trips(std::move(trips))
    , m_totals(std::move(totals))
    , m_totalsWaitMs(totalsWaitMs)
    , m_totalsMaxAgeMs(totalsMaxAgeMs)
    , m_state(std::make_shared<TotalsState>())
{
}

StatsFigure RecoveryStats::dlqDepth(qint64 windowMs, qint64 nowMs) const
{
    if (!m_gauge)
        return StatsFigure::missing(QStringLiteral("the dead-letter queue is not running"));
    const DlqGauge::Snapshot s = m_gauge->snapshot(windowMs, nowMs);
    if (!s.open)
        return StatsFigure::missing(QStringLiteral("the dead-letter queue is not open (its tables cannot be read)"));
    return StatsFigure::of(double(s.depth), QJsonObject{{QStringLiteral("total"), double(s.total)},
                                                        {QStringLiteral("inflow"), double(s.inflow)},
                                                        {QStringLiteral("outflow"), double(s.outflow)}});
}

StatsFigure RecoveryStats::breakerTripRate(qint64 windowMs, qint64 nowMs) const
{
    if (!m_trips || windowMs <= 0)
        return StatsFigure::missing(QStringLiteral("no trip record"));
    const BreakerTripLog::Window w = m_trips->window(windowMs, nowMs);
    QJsonObject byBreaker;
    for (auto it = w.byBreaker.cbegin(); it != w.byBreaker.cend(); ++it)
        byBreaker.insert(it.key(), double(it.value()));
    QJsonObject detail{{QStringLiteral("trips"), double(w.trips)}, {QStringLiteral("byBreaker"), byBreaker}};
    if (w.truncated)
        detail.insert(QStringLiteral("truncated"), true);
    qint64 asOf = 0;
    if (const std::optional<BreakerTotals> t = totals(nowMs, &asOf))
        detail.insert(QStringLiteral("sinceStart"), QJsonObject{{QStringLiteral("calls"), double(t->calls)},
                                                               {QStringLiteral("trips"), double(t->trips)},
                                                               {QStringLiteral("breakers"), t->breakers},
                                                               {QStringLiteral("asOfMs"), double(asOf)}});
    return StatsFigure::of(double(w.trips) * 3'600'000.0 / double(windowMs), detail);
}

std::optional<RecoveryStats::BreakerTotals> RecoveryStats::totals(qint64 nowMs, qint64 *asOfMs) const
{
    if (!m_totals)
        return std::nullopt;
    const std::shared_ptr<TotalsState> state = m_state;
    QMutexLocker lock(&state->mutex);
    const bool fresh = state->latest && nowMs >= state->asOfMs && nowMs - state->asOfMs < m_totalsMaxAgeMs;
    // A request that was never answered (the engine is stopping) is asked again after a while.
    const bool asking = state->pending && nowMs >= state->askedMs && nowMs - state->askedMs < kAbandonMs;
    if (!fresh && !asking) {
        const quint64 request = ++state->requests;
        state->pending = true;
        state->askedMs = nowMs;
        lock.unlock(); // the reader may answer at once, on this thread
        m_totals([state, nowMs, request](BreakerTotals t) {
            QMutexLocker answer(&state->mutex);
            if (!state->latest || nowMs >= state->asOfMs) {
                state->latest = t;
                state->asOfMs = nowMs;
            }
            if (request == state->requests)
                state->pending = false;
            state->ready.wakeAll();
        });
        lock.relock();
        // Only the caller that asked waits; the others take the last known totals.
        const QDeadlineTimer deadline(m_totalsWaitMs);
        while (state->pending && state->requests == request && !deadline.hasExpired())
            state->ready.wait(&state->mutex, deadline);
    }
    *asOfMs = state->asOfMs;
    return state->latest;
}

void RecoveryStats::registerProviders(StatsRegistry *registry, const std::shared_ptr<RecoveryStats> &stats)
{
    if (!registry || !stats)
        return;
    registry->setProvider(QLatin1String(StatsRegistry::kDlqDepth),
                          [stats](qint64 windowMs, qint64 nowMs) { return stats->dlqDepth(windowMs, nowMs); });
    registry->setProvider(QLatin1String(StatsRegistry::kBreakerTripRate),
                          [stats](qint64 windowMs, qint64 nowMs) { return stats->breakerTripRate(windowMs, nowMs); });
}

void RecoveryStats::removeProviders(StatsRegistry *registry)
{
    if (!registry)
        return;
    registry->removeProvider(QLatin1String(StatsRegistry::kDlqDepth));
    registry->removeProvider(QLatin1String(StatsRegistry::kBreakerTripRate));
}

} // namespace orrery
