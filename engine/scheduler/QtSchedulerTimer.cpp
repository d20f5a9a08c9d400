#include "scheduler/QtSchedulerTimer.h"

#include "core/Clock.h"

#include <QDateTime>
#include <QThread>

#include <algorithm>
#include <chrono>

namespace orrery {

QtSchedulerTimer::QtSchedulerTimer(const Clock *clock, qint64 maxSleepMs, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_maxSleepMs(std::max<qint64>(1, maxSleepMs))
    , m_timer(this)
    , m_realTime(dynamic_cast<const SystemClock *>(clock) != nullptr)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_realTime) {
            // Woken up to 1 ms early on purpose (see arm()): sleep the rest precisely.
            const qint64 nowUs = std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
            const qint64 leftUs = m_dueMs * 1000 - nowUs;
            if (leftUs > 0 && leftUs <= 2000)
                QThread::usleep(quint64(leftUs));
        }
        if (m_callback)
            m_callback();
    });
}

void QtSchedulerTimer::arm(qint64 dueMs)
{
    m_dueMs = dueMs;
    if (!m_realTime) {
        // now is truncated to the millisecond, so the timer never fires before dueMs.
        m_timer.start(int(std::clamp<qint64>(dueMs - m_clock->nowMs(), 0, m_maxSleepMs)));
        return;
    }
    // QTimer counts whole milliseconds from now (which lies somewhere inside the current ms):
    // arm for the whole milliseconds left, minus one, and finish the wait in the timeout handler.
    const qint64 nowUs = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    const qint64 leftMs = (dueMs * 1000 - nowUs) / 1000 - 1;
    m_timer.start(int(std::clamp<qint64>(leftMs, 0, m_maxSleepMs)));
}

} // namespace orrery
