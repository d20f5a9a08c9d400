#include "LatencyHistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace orrery {

// Values below kSub get a bucket each; above, a value with highest bit e (>= 4) falls in group
// e - 3 and its sub-bucket is given by the kSub next bits.
int LatencyHistogram::bucketOf(qint64 us)
{
    if (us < kSub)
        return int(std::max<qint64>(0, us));
    const int e = 63 - std::countl_zero(quint64(us));
    const int sub = int((quint64(us) >> (e - 4)) & (kSub - 1));
    return std::min(kBuckets - 1, (e - 3) * kSub + sub);
}

qint64 LatencyHistogram::upperBound(int bucket)
{
    if (bucket < kSub)
        return bucket;
    const int e = bucket / kSub + 3;
    const int sub = bucket % kSub;
    return ((qint64(kSub + sub) + 1) << (e - 4)) - 1;
}

void LatencyHistogram::record(qint64 us)
{
    ++m_buckets[size_t(bucketOf(us))];
    ++m_count;
    m_max = std::max(m_max, us);
}

void LatencyHistogram::addToBucket(int bucket, quint64 n, qint64 maxUs)
{
    if (bucket < 0 || bucket >= kBuckets || n == 0)
        return;
    m_buckets[size_t(bucket)] += n;
    m_count += n;
    m_max = std::max(m_max, maxUs);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_max = std::max(m_max, other.m_max);
}

LatencyHistogram LatencyHistogram::since(const LatencyHistogram &earlier) const
{
    LatencyHistogram d;
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        d.m_buckets[i] = m_buckets[i] >= earlier.m_buckets[i] ? m_buckets[i] - earlier.m_buckets[i] : 0;
        d.m_count += d.m_buckets[i];
        if (d.m_buckets[i] > 0)
            d.m_max = std::min(m_max, upperBound(int(i)));
    }
    return d;
}

void LatencyHistogram::clear()
{
    m_buckets.fill(0);
    m_count = 0;
    m_max = 0;
}

qint64 LatencyHistogram::percentileUs(double fraction) const
{
    if (m_count == 0)
        return 0;
    const quint64 rank = std::max<quint64>(1, quint64(std::ceil(std::clamp(fraction, 0.0, 1.0) * double(m_count))));
    quint64 seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += m_buckets[size_t(b)];
        if (seen >= rank)
            return std::min(upperBound(b), m_max);
    }
    return m_max;
}

} // namespace orrery
