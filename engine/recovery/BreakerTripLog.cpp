#include "BreakerTripLog.h"

#include "core/Clock.h"

#include <algorithm>

namespace orrery {

BreakerTripLog::BreakerTripLog(const Clock *clock, qint64 retentionMs, int maxTrips)
    : m_clock(clock), m_retentionMs(retentionMs), m_maxTrips(std::max(1, maxTrips))
{
}

qint64 BreakerTripLog::record(const QString &breaker)
{
    const qint64 now = m_clock->nowMs();
    QMutexLocker lock(&m_mutex);
    prune(now);
    // A clock that steps back must not break the ascending order the queries rely on.
    const qint64 at = m_trips.empty() ? now : std::max(now, m_trips.back().atMs);
    m_trips.push_back(Trip{at, breaker});
    ++m_total;
    while (qsizetype(m_trips.size()) > m_maxTrips) {
        m_capDroppedUntilMs = m_trips.front().atMs;
        m_trips.pop_front();
    }
    return at;
}

void BreakerTripLog::restore(std::vector<Trip> trips)
{
    std::stable_sort(trips.begin(), trips.end(), [](const Trip &a, const Trip &b) { return a.atMs < b.atMs; });
    const qint64 now = m_clock->nowMs();
    QMutexLocker lock(&m_mutex);
    std::deque<Trip> merged(trips.begin(), trips.end());
    for (Trip &t : m_trips)
        merged.push_back(std::move(t));
    std::stable_sort(merged.begin(), merged.end(), [](const Trip &a, const Trip &b) { return a.atMs < b.atMs; });
    m_trips = std::move(merged);
    m_total += trips.size();
    prune(now);
    while (qsizetype(m_trips.size()) > m_maxTrips) {
        m_capDroppedUntilMs = m_trips.front().atMs;
        m_trips.pop_front();
    }
}

void BreakerTripLog::prune(qint64 nowMs)
{
    while (!m_trips.empty() && m_trips.front().atMs <= nowMs - m_retentionMs)
        m_trips.pop_front();
}

BreakerTripLog::Window BreakerTripLog::window(qint64 windowMs, qint64 nowMs) const
{
    const qint64 from = nowMs - windowMs; // exclusive
    QMutexLocker lock(&m_mutex);
    Window w;
    auto it = std::upper_bound(m_trips.begin(), m_trips.end(), from,
                               [](qint64 t, const Trip &trip) { return t < trip.atMs; });
    for (; it != m_trips.end() && it->atMs <= nowMs; ++it) {
        ++w.trips;
        ++w.byBreaker[it->breaker];
    }
    w.truncated = m_capDroppedUntilMs > from;
    return w;
}

qsizetype BreakerTripLog::size() const
{
    QMutexLocker lock(&m_mutex);
    return qsizetype(m_trips.size());
}

quint64 BreakerTripLog::recordedTotal() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

} // namespace orrery
