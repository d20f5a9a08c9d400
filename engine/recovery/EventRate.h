#pragma once

#include <QtGlobal>
#include <deque>

namespace orrery {

// Counts events over a sliding horizon of time (DLQ inflow and outflow rates). Keeps one
// timestamp per event within the horizon, at most `cap` of them (the oldest go first, so a
// flood can only make the older part of the horizon look quieter than it was).
class EventRate
{
public:
    explicit EventRate(qint64 horizonMs = 3600 * 1000, int cap = 200000) : m_horizonMs(horizonMs), m_cap(cap) {}

    void setHorizon(qint64 horizonMs) { m_horizonMs = horizonMs; }
    void add(qint64 nowMs, int n = 1);
    // Events in (nowMs - spanMs, nowMs].
    qint64 countSince(qint64 nowMs, qint64 spanMs) const;
    // Events in (nowMs - endAgoMs - spanMs, nowMs - endAgoMs].
    qint64 countBetween(qint64 nowMs, qint64 endAgoMs, qint64 spanMs) const;
    void prune(qint64 nowMs);

private:
    qint64 m_horizonMs;
    int m_cap;
    std::deque<qint64> m_times; // ascending
};

} // namespace orrery
