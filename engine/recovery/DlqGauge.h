#pragma once

#include "EventRate.h"

#include <QMutex>

namespace orrery {

// A thread-safe mirror of the dead-letter queue's depth and flows, for readers on other threads
// (the DLQ depth of GET /api/stats runs on an API query thread). The queue publishes into it on
// its own thread whenever its counts change; reading never touches the queue or its database.
class DlqGauge
{
public:
    static constexpr qint64 kFlowHorizonMs = 24LL * 3600 * 1000;

    struct Snapshot
    {
        bool open = false;  // false before the queue opened and after it closed
        qint64 depth = 0;   // entries in DEAD
        qint64 total = 0;   // entries of any status
        qint64 inflow = 0;  // tasks dead-lettered in the window
        qint64 outflow = 0; // entries replayed or removed in the window
    };

    void setCounts(qint64 depth, qint64 total); // also marks the queue open
    void setClosed();
    void addInflow(qint64 atMs, int n = 1);
    void addOutflow(qint64 atMs, int n = 1);
    // Counts now; flows in (nowMs - windowMs, nowMs] (at most 24 h back).
    Snapshot snapshot(qint64 windowMs, qint64 nowMs) const;

private:
    mutable QMutex m_mutex;
    bool m_open = false;
    qint64 m_depth = 0;
    qint64 m_total = 0;
    EventRate m_inflow{kFlowHorizonMs};
    EventRate m_outflow{kFlowHorizonMs};
};

} // namespace orrery
