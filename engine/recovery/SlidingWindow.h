#pragma once

#include "BreakerConfig.h"

#include <QList>

namespace orrery {

// The recent outcomes a circuit breaker judges its failure rate on: either the last N
// outcomes (Calls) or the outcomes of the last N seconds (Seconds, in one-second buckets,
// so memory is O(N) whatever the call rate).
class SlidingWindow
{
public:
    struct Totals
    {
        int calls = 0;
        int failures = 0;
    };

    SlidingWindow(BreakerConfig::WindowType type, int size);

    void record(bool failed, qint64 nowMs);
    Totals totals(qint64 nowMs) const;
    void clear();

private:
    struct Bucket
    {
        qint64 second = -1;
        int calls = 0;
        int failures = 0;
    };

    static qint64 secondOf(qint64 ms);

    BreakerConfig::WindowType m_type;
    int m_size;
    // Calls: a ring of outcomes.
    QList<bool> m_outcomes;
    int m_next = 0;
    int m_count = 0;
    int m_failures = 0;
    // Seconds: one bucket per second, index = second % size.
    QList<Bucket> m_buckets;
};

} // namespace orrery
