#pragma once

#include <QMap>
#include <QMutex>
#include <QString>
#include <deque>
#include <vector>

namespace orrery {

class Clock;

// When circuit breakers tripped (automatic transitions to OPEN), for the breaker trip rate of
// GET /api/stats (docs/recovery.md, "Circuit breakers"). Keeps one record per trip for
// `retentionMs` (24 h), at most `maxTrips` of them: past the cap the oldest go first, and a
// window that reaches back to a dropped record says so (truncated).
//
// Thread-safe: breakers record on their own thread (the engine's, the DLQ's), the API reads on
// a query thread. Time comes from the injected clock; queries take `nowMs` from the caller.
class BreakerTripLog
{
public:
    static constexpr qint64 kRetentionMs = 24LL * 3600 * 1000;
    static constexpr int kMaxTrips = 20000;

    struct Window
    {
        qint64 trips = 0;
        QMap<QString, qint64> byBreaker;
        bool truncated = false; // records of this window were dropped by the cap
    };

    struct Trip
    {
        qint64 atMs = 0;
        QString breaker;
    };

    // `clock` must outlive the log.
    explicit BreakerTripLog(const Clock *clock, qint64 retentionMs = kRetentionMs, int maxTrips = kMaxTrips);

    // Now, by the clock; returns the time recorded (never before the newest record).
    qint64 record(const QString &breaker);
    // The trips of an earlier process (read back from the store), before any record(): kept in
    // time order, pruned by retention and cap as if recorded. Counted in recordedTotal().
    void restore(std::vector<Trip> trips);
    // Trips with a time in (nowMs - windowMs, nowMs].
    Window window(qint64 windowMs, qint64 nowMs) const;
    qsizetype size() const;
    const Clock *clock() const { return m_clock; }
    quint64 recordedTotal() const; // every trip recorded since the log was made

private:
    void prune(qint64 nowMs);

    const Clock *m_clock;
    const qint64 m_retentionMs;
    const int m_maxTrips;
    mutable QMutex m_mutex;
    std::deque<Trip> m_trips; // ascending time
    qint64 m_capDroppedUntilMs = -1; // time of the newest record the cap dropped
    quint64 m_total = 0;
};

} // namespace orrery
