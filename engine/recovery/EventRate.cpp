#include "EventRate.h"

#include <algorithm>

namespace orrery {

void EventRate::add(qint64 nowMs, int n)
{
    prune(nowMs);
    const qint64 t = m_times.empty() ? nowMs : std::max(nowMs, m_times.back()); // clocks may step back
    for (int i = 0; i < n; ++i)
        m_times.push_back(t);
    while (int(m_times.size()) > m_cap)
        m_times.pop_front();
}

void EventRate::prune(qint64 nowMs)
{
    while (!m_times.empty() && m_times.front() <= nowMs - m_horizonMs)
        m_times.pop_front();
}

qint64 EventRate::countBetween(qint64 nowMs, qint64 endAgoMs, qint64 spanMs) const
{
    const qint64 hi = nowMs - endAgoMs;   // inclusive
    const qint64 lo = hi - spanMs;        // exclusive
    const auto first = std::upper_bound(m_times.begin(), m_times.end(), lo);
    const auto last = std::upper_bound(m_times.begin(), m_times.end(), hi);
    return last > first ? qint64(last - first) : 0;
}

qint64 EventRate::countSince(qint64 nowMs, qint64 spanMs) const
{
    return countBetween(nowMs, 0, spanMs);
}

} // namespace orrery
