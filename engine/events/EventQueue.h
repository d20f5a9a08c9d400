#pragma once

#include "Event.h"

#include <QMutex>
#include <QString>
#include <deque>
#include <functional>
#include <vector>

namespace orrery {

// One subscriber's bounded queue on the EventBus. Thread-safe: the bus pushes from any thread,
// the subscriber takes on its own.
//
// When full, a push drops the OLDEST event (a live view wants the newest) and counts it; the
// next take() reports how many were lost so the subscriber can tell its own consumers (a `gap`).
// A push never blocks and never waits for the subscriber: a slow subscriber cannot slow the engine.
//
// Wake-ups: `wake` is called (on the pushing thread, outside the lock) when an event arrives
// and no wake-up is outstanding. A wake-up stays outstanding until a take() leaves the queue
// empty, so a subscriber that drains in bounded batches must take again while `more` is set.
class EventQueue
{
public:
    struct Options
    {
        QString name;             // for stats ("socketio-hub", "redis-bridge", ...)
        qsizetype capacity = 10000;
        bool localOnly = false;   // skip events that came from other instances
    };

    struct Batch
    {
        std::vector<EventPtr> events;
        quint64 dropped = 0;       // lost (oldest first) since the previous take, before `events`
        qint64 firstDroppedMs = 0; // event time of the first and last of them
        qint64 lastDroppedMs = 0;
        bool more = false;         // events remain: take again
    };

    struct Stats
    {
        QString name;
        qsizetype capacity = 0;
        qsizetype size = 0;
        qsizetype highWater = 0;
        quint64 pushed = 0;
        quint64 dropped = 0;
        quint64 taken = 0;
    };

    EventQueue(Options options, std::function<void()> wake);

    const Options &options() const { return m_options; }

    // Returns false when an older event had to be dropped to make room.
    bool push(const EventPtr &event);
    Batch take(qsizetype maxEvents);
    // No more pushes or wake-ups (the subscriber is going away). Idempotent.
    void close();

    qsizetype size() const;
    Stats stats() const;

private:
    const Options m_options;
    const std::function<void()> m_wake;
    mutable QMutex m_mutex;
    std::deque<EventPtr> m_items;
    bool m_wakePending = false;
    bool m_closed = false;
    quint64 m_droppedSinceTake = 0;
    qint64 m_firstDroppedMs = 0;
    qint64 m_lastDroppedMs = 0;
    qsizetype m_highWater = 0;
    quint64 m_pushed = 0;
    quint64 m_dropped = 0;
    quint64 m_taken = 0;
};

} // namespace orrery
