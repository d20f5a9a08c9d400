#include "scheduler/QtSchedulerTimer.h"

#include "core/Clock.h"

#include <algorithm>

namespace orrery {

QtSchedulerTimer::QtSchedulerTimer(const Clock *clock, qint64 maxSleepMs, QObject *parent)
    : QObject(parent), m_clock(clock), m_maxSleepMs(std::max<qint64>(1, maxSleepMs)), m_timer(this)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_callback)
            m_callback();
    });
}

void QtSchedulerTimer::arm(qint64 dueMs)
{
    // now is truncated to the millisecond, so the timer never fires before dueMs (and at most about
    // 1 ms after it, plus the event loop's own rounding).
    m_timer.start(int(std::clamp<qint64>(dueMs - m_clock->nowMs(), 0, m_maxSleepMs)));
}

} // namespace orrery
