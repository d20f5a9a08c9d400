#include "LatencyTimeline.h"

#include <algorithm>

namespace orrery {

LatencyTimeline::LatencyTimeline(qint64 sliceMs, qint64 retentionMs)
    : m_sliceMs(std::max<qint64>(1, sliceMs))
    , m_ring(size_t(std::max<qint64>(1, (retentionMs + m_sliceMs - 1) / m_sliceMs) + 1))
{
}

qint64 LatencyTimeline::floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

LatencyTimeline::Slice &LatencyTimeline::sliceFor(qint64 index)
{
    const qint64 n = qint64(m_ring.size());
    Slice &s = m_ring[size_t(((index % n) + n) % n)];
    if (s.index != index) {
        s.index = index;
        s.maxUs = 0;
        s.buckets.clear();
    }
    return s;
}

void LatencyTimeline::add(qint64 atMs, const LatencyHistogram &samples)
{
    if (samples.count() == 0)
        return;
    const qint64 index = floorDiv(atMs, m_sliceMs);
    QMutexLocker lock(&m_mutex);
    // The ring slot of `index` holds a slice at least one ring length apart: a newer one means
    // `atMs` is older than the retention (a clock that stepped back), so the samples are dropped.
    const qint64 n = qint64(m_ring.size());
    if (m_ring[size_t(((index % n) + n) % n)].index > index)
        return;
    Slice &s = sliceFor(index);
    std::vector<std::pair<quint16, quint64>> merged;
    merged.reserve(s.buckets.size() + 16);
    auto old = s.buckets.cbegin();
    for (int b = 0; b < LatencyHistogram::bucketCount(); ++b) {
        quint64 c = samples.samplesIn(b);
        while (old != s.buckets.cend() && old->first < b)
            merged.push_back(*old++);
        if (old != s.buckets.cend() && old->first == b)
            c += (old++)->second;
        if (c > 0)
            merged.emplace_back(quint16(b), c);
    }
    merged.insert(merged.end(), old, s.buckets.cend());
    s.buckets = std::move(merged);
    s.maxUs = std::max(s.maxUs, samples.maxUs());
}

void LatencyTimeline::record(qint64 atMs, qint64 us)
{
    LatencyHistogram one;
    one.record(us);
    add(atMs, one);
}

LatencyHistogram LatencyTimeline::window(qint64 windowMs, qint64 nowMs) const
{
    const qint64 last = floorDiv(nowMs, m_sliceMs);
    const qint64 first = std::max(floorDiv(nowMs - std::max<qint64>(0, windowMs), m_sliceMs),
                                  last - qint64(m_ring.size()) + 2); // within the retention
    LatencyHistogram out;
    QMutexLocker lock(&m_mutex);
    for (const Slice &s : m_ring) {
        if (s.index < first || s.index > last)
            continue;
        for (const auto &[bucket, count] : s.buckets)
            out.addToBucket(bucket, count, s.maxUs);
    }
    return out;
}

} // namespace orrery
