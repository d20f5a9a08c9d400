#pragma once

#include "core/Result.h"

namespace orrery {

class DlqTable;

// The DLQ's limits (docs/recovery.md §7): entries whose last failure is older than the TTL, and
// the oldest beyond the maximum size, are evicted. Every eviction is logged (orrery.dlq).
class DlqRetention
{
public:
    DlqRetention(qint64 ttlMs, qint64 maxEntries) : m_ttlMs(ttlMs), m_maxEntries(maxEntries) {}

    // Evicts what the TTL has expired at `nowMs` (in slices of 1,000, so no sweep holds a long
    // write lock); returns how many. 0 when the TTL is off.
    Result<int> expire(DlqTable &table, qint64 nowMs) const;
    // Evicts the oldest entries beyond the maximum size; returns how many. 0 when unlimited.
    Result<int> trim(DlqTable &table) const;

private:
    qint64 m_ttlMs;
    qint64 m_maxEntries;
};

} // namespace orrery
