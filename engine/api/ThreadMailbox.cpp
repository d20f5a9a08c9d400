#include "ThreadMailbox.h"

#include <QThread>

namespace orrery {

bool ThreadMailbox::post(std::function<void()> work)
{
    QMutexLocker lock(&m_mutex);
    if (!m_target)
        return false;
    // Posting an event is thread-safe; events still queued when the target dies are discarded.
    QMetaObject::invokeMethod(m_target, std::move(work), Qt::QueuedConnection);
    return true;
}

bool ThreadMailbox::onTargetThread() const
{
    QMutexLocker lock(&m_mutex);
    return m_target && m_target->thread() == QThread::currentThread();
}

void ThreadMailbox::close()
{
    QMutexLocker lock(&m_mutex);
    m_target = nullptr;
}

} // namespace orrery
