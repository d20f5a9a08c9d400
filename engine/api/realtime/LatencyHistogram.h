#pragma once

#include <QtGlobal>
#include <array>

namespace orrery {

// Latencies in microseconds, in log-linear buckets (16 per power of two: about 4 % wide), so
// recording is a couple of instructions and percentiles need no sample storage. Covers 0 us to
// about 1 hour; larger values land in the last bucket. Not thread-safe.
class LatencyHistogram
{
public:
    void record(qint64 us);
    void merge(const LatencyHistogram &other);
    // The samples recorded since `earlier` (an older copy of this histogram) was taken; its
    // maximum is the upper bound of the highest bucket that grew.
    LatencyHistogram since(const LatencyHistogram &earlier) const;
    void clear();

    quint64 count() const { return m_count; }
    qint64 maxUs() const { return m_max; }
    // The value below which `fraction` (0..1) of the samples fall (the bucket's upper bound).
    qint64 percentileUs(double fraction) const;

    // Raw buckets, for compact copies (LatencyTimeline keeps only the non-empty ones).
    static constexpr int bucketCount() { return kBuckets; }
    quint64 samplesIn(int bucket) const { return m_buckets[size_t(bucket)]; }
    // Adds `n` samples to `bucket` (0 <= bucket < bucketCount()); `maxUs` is the largest of them.
    void addToBucket(int bucket, quint64 n, qint64 maxUs);

private:
    static constexpr int kSub = 16;
    static constexpr int kBuckets = 36 * kSub;
    static int bucketOf(qint64 us);
    static qint64 upperBound(int bucket);

    std::array<quint64, kBuckets> m_buckets{};
    quint64 m_count = 0;
    qint64 m_max = 0;
};

} // namespace orrery
