#include "SlidingWindow.h"

#include <algorithm>

namespace orrery {

SlidingWindow::SlidingWindow(BreakerConfig::WindowType type, int size)
    : m_type(type)
    , m_size(std::max(1, size))
{
    clear();
}

qint64 SlidingWindow::secondOf(qint64 ms)
{
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

void SlidingWindow::clear()
{
    m_next = 0;
    m_count = 0;
    m_failures = 0;
    if (m_type == BreakerConfig::WindowType::Calls) {
        m_outcomes = QList<bool>(m_size, false);
        m_buckets.clear();
    } else {
        m_buckets = QList<Bucket>(m_size);
        m_outcomes.clear();
    }
}

void SlidingWindow::record(bool failed, qint64 nowMs)
{
    if (m_type == BreakerConfig::WindowType::Calls) {
        if (m_count == m_size) {
            if (m_outcomes[m_next])
                --m_failures;
        } else {
            ++m_count;
        }
        m_outcomes[m_next] = failed;
        if (failed)
            ++m_failures;
        m_next = (m_next + 1) % m_size;
        return;
    }
    const qint64 sec = secondOf(nowMs);
    Bucket &b = m_buckets[int(((sec % m_size) + m_size) % m_size)];
    if (b.second != sec)
        b = Bucket{sec, 0, 0};
    ++b.calls;
    if (failed)
        ++b.failures;
}

SlidingWindow::Totals SlidingWindow::totals(qint64 nowMs) const
{
    if (m_type == BreakerConfig::WindowType::Calls)
        return {m_count, m_failures};
    const qint64 sec = secondOf(nowMs);
    Totals t;
    for (const Bucket &b : m_buckets) {
        if (b.second > sec - m_size && b.second <= sec) {
            t.calls += b.calls;
            t.failures += b.failures;
        }
    }
    return t;
}

} // namespace orrery
