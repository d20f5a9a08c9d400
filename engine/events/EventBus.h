#pragma once

#include "Event.h"
#include "EventQueue.h"

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace orrery {

class Clock;
class MicroClock;

// The one bus for typed events of the fixed catalogue (docs/events.md). Thread-safe.
//
// Every subscriber has its own bounded EventQueue. publish() costs one lock and one push per
// subscriber; it never waits for a subscriber, so a slow one (a stuck UI, a saturated Redis)
// loses its oldest events and learns so through EventQueue::Batch::dropped, while the engine
// and the other subscribers go on at full speed.
class EventBus
{
public:
    // Clocks are not owned and must outlive the bus; nullptr = the system clocks.
    explicit EventBus(const Clock *clock = nullptr, const MicroClock *microClock = nullptr);
    ~EventBus();

    EventBus(const EventBus &) = delete;
    EventBus &operator=(const EventBus &) = delete;

    // `wake` runs on the publishing thread when the queue needs draining (see EventQueue);
    // typically it posts a drain to the subscriber's own thread.
    std::shared_ptr<EventQueue> subscribe(EventQueue::Options options, std::function<void()> wake);
    void unsubscribe(const std::shared_ptr<EventQueue> &queue);

    void publish(const EventPtr &event);
    // Convenience: a local event stamped now (timeMs from the Clock when 0).
    EventPtr publish(EventType type, const QString &projectId, const QJsonObject &payload, qint64 timeMs = 0,
                     const QString &userId = QString());

    const Clock &clock() const { return *m_clock; }
    const MicroClock &microClock() const { return *m_microClock; }

    struct Stats
    {
        quint64 published = 0;
        quint64 remote = 0; // of which came from other instances
        std::array<quint64, kEventTypeCount> byType{};
        QList<EventQueue::Stats> subscribers;
    };
    Stats stats() const;

private:
    const Clock *m_clock;
    const MicroClock *m_microClock;
    mutable QMutex m_mutex;
    std::vector<std::shared_ptr<EventQueue>> m_queues;
    std::atomic<quint64> m_published{0};
    std::atomic<quint64> m_remote{0};
    std::array<std::atomic<quint64>, kEventTypeCount> m_byType{};
};

} // namespace orrery
