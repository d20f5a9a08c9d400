#include "api/scheduler/SchedulerAccess.h"

#include "scheduler/Scheduler.h"

namespace orrery {

bool SchedulerAccess::post(std::function<void(Scheduler &)> fn)
{
    QMutexLocker lock(&m_mutex);
    if (!m_scheduler)
        return false;
    Scheduler *s = m_scheduler;
    return QMetaObject::invokeMethod(s, [s, fn = std::move(fn)] { fn(*s); }, Qt::QueuedConnection);
}

void SchedulerAccess::detach()
{
    QMutexLocker lock(&m_mutex);
    m_scheduler = nullptr;
}

} // namespace orrery
