#pragma once

#include <QObject>
#include <vector>

namespace orrery {

class Clock;

// Completed and failed tasks per second over the last `seconds` (default 900 = 15 min), one bucket
// per second of the injected clock. record() adds to the bucket of the clock's current second.
class ThroughputSeries : public QObject
{
    Q_OBJECT

public:
    explicit ThroughputSeries(Clock *clock, int seconds = 900, QObject *parent = nullptr);

    void record(int completed, int failed);
    // Values oldest first, ending at the current second (missing seconds are zero).
    std::vector<int> completedPerSecond() const;
    std::vector<int> failedPerSecond() const;
    qint64 currentSecond() const;
    int seconds() const { return m_seconds; }

private:
    void advance(qint64 second) const;
    std::vector<int> ordered(const std::vector<int> &ring) const;

    Clock *m_clock;
    int m_seconds;
    mutable qint64 m_head = 0; // the second held at m_headIndex
    mutable std::vector<int> m_completed;
    mutable std::vector<int> m_failed;
};

} // namespace orrery
