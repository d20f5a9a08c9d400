#include "ThroughputSeries.h"

#include "core/Clock.h"

namespace orrery {

ThroughputSeries::ThroughputSeries(Clock *clock, int seconds, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_seconds(std::max(1, seconds))
    , m_completed(size_t(m_seconds), 0)
    , m_failed(size_t(m_seconds), 0)
{
    m_head = currentSecond();
}

qint64 ThroughputSeries::currentSecond() const
{
    return m_clock->nowMs() / 1000;
}

void ThroughputSeries::advance(qint64 second) const
{
    if (second <= m_head)
        return;
    const qint64 steps = std::min<qint64>(second - m_head, m_seconds);
    for (qint64 i = 1; i <= steps; ++i) {
        const size_t slot = size_t((m_head + i) % m_seconds);
        m_completed[slot] = 0;
        m_failed[slot] = 0;
    }
    m_head = second;
}

void ThroughputSeries::record(int completed, int failed)
{
    const qint64 now = currentSecond();
    advance(now);
    const size_t slot = size_t(now % m_seconds);
    m_completed[slot] += completed;
    m_failed[slot] += failed;
}

std::vector<int> ThroughputSeries::ordered(const std::vector<int> &ring) const
{
    advance(currentSecond());
    std::vector<int> out;
    out.reserve(size_t(m_seconds));
    for (int i = m_seconds - 1; i >= 0; --i)
        out.push_back(ring[size_t((m_head - i) % m_seconds)]);
    return out;
}

std::vector<int> ThroughputSeries::completedPerSecond() const
{
    return ordered(m_completed);
}

std::vector<int> ThroughputSeries::failedPerSecond() const
{
    return ordered(m_failed);
}

} // namespace orrery
