#include "EventQueue.h"

#include <algorithm>

namespace orrery {

EventQueue::EventQueue(Options options, std::function<void()> wake)
    : m_options(std::move(options)), m_wake(std::move(wake))
{
}

bool EventQueue::push(const EventPtr &event)
{
    bool kept = true;
    bool wake = false;
    {
        QMutexLocker lock(&m_mutex);
        if (m_closed)
            return true;
        if (m_options.capacity > 0 && qsizetype(m_items.size()) >= m_options.capacity) {
            const EventPtr &oldest = m_items.front();
            if (m_droppedSinceTake == 0)
                m_firstDroppedMs = oldest->timeMs();
            m_lastDroppedMs = oldest->timeMs();
            ++m_droppedSinceTake;
            ++m_dropped;
            m_items.pop_front();
            kept = false;
        }
        m_items.push_back(event);
        ++m_pushed;
        m_highWater = std::max(m_highWater, qsizetype(m_items.size()));
        if (!m_wakePending) {
            m_wakePending = true;
            wake = true;
        }
    }
    if (wake && m_wake)
        m_wake();
    return kept;
}

EventQueue::Batch EventQueue::take(qsizetype maxEvents)
{
    Batch batch;
    QMutexLocker lock(&m_mutex);
    const qsizetype n = std::min(maxEvents, qsizetype(m_items.size()));
    batch.events.reserve(size_t(n));
    for (qsizetype i = 0; i < n; ++i) {
        batch.events.push_back(std::move(m_items.front()));
        m_items.pop_front();
    }
    m_taken += quint64(n);
    batch.dropped = m_droppedSinceTake;
    batch.firstDroppedMs = m_firstDroppedMs;
    batch.lastDroppedMs = m_lastDroppedMs;
    m_droppedSinceTake = 0;
    batch.more = !m_items.empty();
    if (!batch.more)
        m_wakePending = false;
    return batch;
}

void EventQueue::close()
{
    QMutexLocker lock(&m_mutex);
    m_closed = true;
    m_items.clear();
}

qsizetype EventQueue::size() const
{
    QMutexLocker lock(&m_mutex);
    return qsizetype(m_items.size());
}

EventQueue::Stats EventQueue::stats() const
{
    QMutexLocker lock(&m_mutex);
    return Stats{m_options.name, m_options.capacity, qsizetype(m_items.size()), m_highWater, m_pushed, m_dropped, m_taken};
}

} // namespace orrery
