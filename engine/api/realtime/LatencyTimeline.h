#pragma once

#include "LatencyHistogram.h"

#include <QMutex>
#include <QtGlobal>
#include <utility>
#include <vector>

namespace orrery {

// Delivery latencies over time, for the WebSocket p95 of GET /api/stats: one slice per
// `sliceMs` (a minute) keeping the non-empty buckets of a LatencyHistogram, `retentionMs` (24 h)
// of them in a ring. A window [now - window, now] is answered to the slice: it takes every
// slice that overlaps it, so it may reach up to one slice further back.
//
// Thread-safe: the hub adds on its thread (a second's worth of samples at a time), the API reads
// on a query thread. No clock of its own: times come from the caller (the hub's injected clock,
// the API's `nowMs`); a slice older than the retention is overwritten when its ring slot is
// reused and never counted (queries check each slice's time).
class LatencyTimeline
{
public:
    static constexpr qint64 kSliceMs = 60'000;
    static constexpr qint64 kRetentionMs = 24LL * 3600 * 1000;

    explicit LatencyTimeline(qint64 sliceMs = kSliceMs, qint64 retentionMs = kRetentionMs);

    // Adds `samples` to the slice that holds `atMs`.
    void add(qint64 atMs, const LatencyHistogram &samples);
    void record(qint64 atMs, qint64 us); // one sample

    // Every sample of the slices overlapping [nowMs - windowMs, nowMs] (nothing older than the
    // retention, nothing after nowMs's slice).
    LatencyHistogram window(qint64 windowMs, qint64 nowMs) const;
    qint64 sliceMs() const { return m_sliceMs; }

private:
    struct Slice
    {
        qint64 index = -1; // atMs / sliceMs; -1 = empty
        qint64 maxUs = 0;
        std::vector<std::pair<quint16, quint64>> buckets; // bucket -> samples, ascending bucket
    };
    Slice &sliceFor(qint64 index);
    static qint64 floorDiv(qint64 a, qint64 b);

    const qint64 m_sliceMs;
    mutable QMutex m_mutex;
    std::vector<Slice> m_ring;
};

} // namespace orrery
