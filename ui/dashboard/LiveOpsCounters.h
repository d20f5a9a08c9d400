#pragma once

#include "core/Clock.h"

#include <QJsonObject>
#include <deque>

namespace orrery {

struct DeltaBatch;

// What the dashboard derives from the live event stream itself, over sliding windows in the
// injected clock's time: retries and breaker trips in the last 15 minutes, the scheduler's fire
// lateness (from job_fired's latenessMs) and how late events reach the console (now minus the
// newest event's time of each tick). Pure bookkeeping, no widgets: tested in virtual time.
class LiveOpsCounters
{
public:
    static constexpr qint64 kWindowMs = 15 * 60 * 1000;
    static constexpr qint64 kDelayWindowMs = 60 * 1000;

    explicit LiveOpsCounters(Clock *clock) : m_clock(clock) {}

    void record(const DeltaBatch &batch);

    int retries() const;        // task_retry_scheduled, last 15 min
    int breakerTrips() const;   // breaker_state_changed to OPEN, last 15 min
    int jobsFired() const;      // job_fired, last 15 min
    int jobsMissed() const;     // job_missed, last 15 min
    // Scheduler lateness over the last 15 min in ms; -1 without fires.
    qint64 latenessPercentile(double p) const;
    qint64 latenessMax() const;
    // Delay from event to console over the last minute in ms; -1 without events.
    qint64 eventDelayPercentile(double p) const;

private:
    struct Sample
    {
        qint64 atMs;
        qint64 value;
    };
    void expire() const;
    static qint64 percentile(const std::deque<Sample> &samples, double p);
    static int total(const std::deque<Sample> &samples);

    Clock *m_clock;
    // mutable: reads drop samples that left their window.
    mutable std::deque<Sample> m_retries;
    mutable std::deque<Sample> m_trips;
    mutable std::deque<Sample> m_fired;
    mutable std::deque<Sample> m_missed;
    mutable std::deque<Sample> m_lateness;
    mutable std::deque<Sample> m_delays;
};

} // namespace orrery
