#include "TokenBucket.h"

#include <algorithm>

namespace orrery {

TokenBucket::TokenBucket(double ratePerSecond, int burst, qint64 nowMs)
    : m_rate(std::max(0.0, ratePerSecond)), m_burst(std::max(1, burst)), m_tokens(m_burst), m_lastMs(nowMs)
{
}

bool TokenBucket::tryTake(qint64 nowMs)
{
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_burst, m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0);
        m_lastMs = nowMs;
    }
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

} // namespace orrery
