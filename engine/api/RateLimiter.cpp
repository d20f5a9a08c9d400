#include "RateLimiter.h"

#include <cmath>

namespace orrery {

RateLimiter::RateLimiter(int perSecond, int burst)
    : m_perSecond(qMax(0, perSecond)), m_burst(qMax(1, qMax(burst, perSecond > 0 ? 1 : 0)))
{
}

qint64 RateLimiter::take(const QString &key, qint64 nowMs)
{
    if (m_perSecond <= 0)
        return 0;
    QMutexLocker lock(&m_mutex);
    if (nowMs - m_lastSweepMs > 60'000)
        forgetIdle(nowMs);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{double(m_burst), nowMs});
    Bucket &b = *it;
    if (nowMs > b.updatedMs) {
        b.tokens = qMin(double(m_burst), b.tokens + double(nowMs - b.updatedMs) * m_perSecond / 1000.0);
        b.updatedMs = nowMs;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    // Time until the bucket holds one whole request again (at least 1 ms).
    return qMax<qint64>(1, qint64(std::ceil((1.0 - b.tokens) * 1000.0 / m_perSecond - 1e-6)));
}

void RateLimiter::forgetIdle(qint64 nowMs)
{
    m_lastSweepMs = nowMs;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (nowMs - it->updatedMs > 60'000)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

} // namespace orrery
