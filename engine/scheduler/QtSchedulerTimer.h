#pragma once

#include "scheduler/SchedulerTimer.h"

#include <QObject>
#include <QTimer>

namespace orrery {

class Clock;

// SchedulerTimer on a QTimer (Qt::PreciseTimer, which sleeps on the monotonic clock). Sleeps are
// capped at maxSleepMs so that a jump of the wall clock (NTP step, VM resume) is noticed within
// that time: the scheduler re-evaluates against its Clock whenever it wakes (specs §2.7).
// On the system clock it wakes up to 1 ms early (QTimer counts whole milliseconds) and sleeps the
// remaining microseconds on the scheduler's own thread, so a run fires within ~0.1 ms of its due
// time instead of up to 1 ms after it.
class QtSchedulerTimer final : public QObject, public SchedulerTimer
{
    Q_OBJECT

public:
    QtSchedulerTimer(const Clock *clock, qint64 maxSleepMs = 300'000, QObject *parent = nullptr);

    void setCallback(std::function<void()> onTimeout) override { m_callback = std::move(onTimeout); }
    void arm(qint64 dueMs) override;
    void disarm() override { m_timer.stop(); }

private:
    const Clock *m_clock;
    qint64 m_maxSleepMs;
    QTimer m_timer;
    std::function<void()> m_callback;
    qint64 m_dueMs = 0;
    bool m_realTime = false; // the clock is the system clock: sub-millisecond wake-up applies
};

} // namespace orrery
