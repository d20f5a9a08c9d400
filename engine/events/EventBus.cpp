#include "EventBus.h"

#include "MicroClock.h"

#include "core/Clock.h"

#include <algorithm>

namespace orrery {

EventBus::EventBus(const Clock *clock, const MicroClock *microClock)
    : m_clock(clock ? clock : SystemClock::instance()),
      m_microClock(microClock ? microClock : SystemMicroClock::instance())
{
}

EventBus::~EventBus()
{
    QMutexLocker lock(&m_mutex);
    for (const auto &q : m_queues)
        q->close();
}

std::shared_ptr<EventQueue> EventBus::subscribe(EventQueue::Options options, std::function<void()> wake)
{
    auto queue = std::make_shared<EventQueue>(std::move(options), std::move(wake));
    QMutexLocker lock(&m_mutex);
    m_queues.push_back(queue);
    return queue;
}

void EventBus::unsubscribe(const std::shared_ptr<EventQueue> &queue)
{
    if (!queue)
        return;
    queue->close();
    QMutexLocker lock(&m_mutex);
    m_queues.erase(std::remove(m_queues.begin(), m_queues.end(), queue), m_queues.end());
}

void EventBus::publish(const EventPtr &event)
{
    if (!event)
        return;
    m_published.fetch_add(1, std::memory_order_relaxed);
    m_byType[size_t(event->type())].fetch_add(1, std::memory_order_relaxed);
    const bool remote = event->isRemote();
    if (remote)
        m_remote.fetch_add(1, std::memory_order_relaxed);
    // Pushing under the bus lock keeps every subscriber's order identical to publish order
    // even with several publishing threads. A push is a short critical section of its own and
    // wake-ups only post work, so nothing slow happens while the lock is held.
    QMutexLocker lock(&m_mutex);
    for (const auto &q : m_queues) {
        if (remote && q->options().localOnly)
            continue;
        q->push(event);
    }
}

EventPtr EventBus::publish(EventType type, const QString &projectId, const QJsonObject &payload, qint64 timeMs,
                           const QString &userId)
{
    EventPtr e = Event::create(type, projectId, timeMs ? timeMs : m_clock->nowMs(), payload, m_microClock->nowUs(),
                               userId);
    publish(e);
    return e;
}

EventBus::Stats EventBus::stats() const
{
    Stats s;
    s.published = m_published.load();
    s.remote = m_remote.load();
    for (int i = 0; i < kEventTypeCount; ++i)
        s.byType[size_t(i)] = m_byType[size_t(i)].load();
    QMutexLocker lock(&m_mutex);
    for (const auto &q : m_queues)
        s.subscribers.append(q->stats());
    return s;
}

} // namespace orrery
