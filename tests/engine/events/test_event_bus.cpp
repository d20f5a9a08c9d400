#include "core/Clock.h"
#include "events/EventBus.h"
#include "events/MicroClock.h"

#include <QJsonDocument>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace orrery;

namespace {

EventPtr remoteEvent(EventType type, const QByteArray &wire)
{
    return Event::fromWire(type, QStringLiteral("p1"), QString(), 1000, 5, QStringLiteral("other-instance"), wire);
}

} // namespace

class TestEventBus : public QObject
{
    Q_OBJECT

private slots:
    void catalogueNamesRoundTrip()
    {
        const QList<EventType> all = allEventTypes();
        QCOMPARE(all.size(), kEventTypeCount);
        QSet<QString> names;
        for (EventType t : all) {
            const QString n = eventTypeName(t);
            QVERIFY2(!n.isEmpty(), "every type has a name");
            QCOMPARE(parseEventType(n), std::optional<EventType>(t));
            names.insert(n);
        }
        QCOMPARE(names.size(), kEventTypeCount);
        for (const char *required : {"task_created", "task_started", "task_completed", "task_failed",
                                     "task_retry_scheduled", "task_dead_lettered", "progress_update",
                                     "workflow_started", "workflow_completed", "workflow_failed", "job_fired",
                                     "job_missed", "breaker_state_changed", "dlq_alert", "heartbeat", "gap"})
            QVERIFY2(parseEventType(QString::fromLatin1(required)).has_value(), required);
        QVERIFY(!parseEventType(u"task_exploded").has_value());
        QVERIFY(!parseEventType(u"TASK_CREATED").has_value());
        QCOMPARE(eventCategory(EventType::ProgressUpdate), EventCategory::Progress);
        QCOMPARE(eventCategory(EventType::WorkflowResumed), EventCategory::Workflow);
        QCOMPARE(eventCategory(EventType::Gap), EventCategory::System);
    }

    void wireJsonIsTheSerializedPayloadOnce()
    {
        ManualClock clock(1'700'000'000'000);
        ManualMicroClock micro(42);
        EventBus bus(&clock, &micro);
        const EventPtr e = bus.publish(EventType::TaskCompleted, QStringLiteral("p7"),
                                       QJsonObject{{QStringLiteral("taskId"), QStringLiteral("t1")}});
        QCOMPARE(e->timeMs(), 1'700'000'000'000);
        QCOMPARE(e->createdUs(), 42);
        const QJsonObject wire = QJsonDocument::fromJson(e->wireJson()).object();
        QCOMPARE(wire.value(QLatin1String("taskId")).toString(), QStringLiteral("t1"));
        QCOMPARE(wire.value(QLatin1String("projectId")).toString(), QStringLiteral("p7"));
        QCOMPARE(qint64(wire.value(QLatin1String("time")).toDouble()), 1'700'000'000'000);
        QVERIFY(!wire.contains(QLatin1String("userId")));
        // Serialized once: every caller gets the very same bytes.
        QCOMPARE(e->wireJson().constData(), e->wireJson().constData());
        QVERIFY(!e->isRemote());

        const QByteArray verbatim = R"({"b":1,  "a":2})";
        const EventPtr r = remoteEvent(EventType::TaskStarted, verbatim);
        QCOMPARE(r->wireJson(), verbatim); // never re-encoded
        QVERIFY(r->isRemote());
        QCOMPARE(r->payload().value(QLatin1String("a")).toInt(), 2);
    }

    void everySubscriberGetsEveryEventInOrder()
    {
        EventBus bus;
        int wakesA = 0;
        int wakesB = 0;
        auto a = bus.subscribe({QStringLiteral("a"), 100, false}, [&] { ++wakesA; });
        auto b = bus.subscribe({QStringLiteral("b"), 100, false}, [&] { ++wakesB; });
        for (int i = 0; i < 10; ++i)
            bus.publish(EventType::TaskCreated, QString(), QJsonObject{{QStringLiteral("i"), i}});
        QCOMPARE(wakesA, 1); // one wake-up until the queue is drained
        QCOMPARE(wakesB, 1);
        EventQueue::Batch first = a->take(4);
        QCOMPARE(int(first.events.size()), 4);
        QVERIFY(first.more);
        bus.publish(EventType::TaskCreated, QString(), QJsonObject{{QStringLiteral("i"), 10}});
        QCOMPARE(wakesA, 1); // still outstanding: the consumer knows it must take again
        EventQueue::Batch rest = a->take(100);
        QVERIFY(!rest.more);
        QCOMPARE(int(rest.events.size()), 7);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(first.events[size_t(i)]->payload().value(QLatin1String("i")).toInt(), i);
        for (int i = 0; i < 7; ++i)
            QCOMPARE(rest.events[size_t(i)]->payload().value(QLatin1String("i")).toInt(), i + 4);
        bus.publish(EventType::TaskCreated, QString(), QJsonObject());
        QCOMPARE(wakesA, 2); // drained, so the next event wakes again
        QCOMPARE(int(b->take(100).events.size()), 12);
        QCOMPARE(bus.stats().published, quint64(12));
        QCOMPARE(bus.stats().byType[size_t(EventType::TaskCreated)], quint64(12));
    }

    void aFullQueueDropsItsOldestAndReportsTheGap()
    {
        ManualClock clock(1000);
        EventBus bus(&clock);
        auto q = bus.subscribe({QStringLiteral("slow"), 3, false}, [] {});
        for (int i = 0; i < 5; ++i) {
            clock.setMs(1000 + i);
            bus.publish(EventType::ProgressUpdate, QString(), QJsonObject{{QStringLiteral("i"), i}});
        }
        const EventQueue::Batch batch = q->take(100);
        QCOMPARE(batch.dropped, quint64(2));
        QCOMPARE(batch.firstDroppedMs, 1000);
        QCOMPARE(batch.lastDroppedMs, 1001);
        QCOMPARE(int(batch.events.size()), 3);
        QCOMPARE(batch.events.front()->payload().value(QLatin1String("i")).toInt(), 2); // the newest survive
        QCOMPARE(q->take(100).dropped, quint64(0)); // reported once
        const EventQueue::Stats s = q->stats();
        QCOMPARE(s.dropped, quint64(2));
        QCOMPARE(s.pushed, quint64(5));
        QCOMPARE(s.highWater, 3);
    }

    void aSlowSubscriberNeverHoldsBackTheOthers()
    {
        EventBus bus;
        auto stuck = bus.subscribe({QStringLiteral("stuck"), 10, false}, [] {});
        auto fast = bus.subscribe({QStringLiteral("fast"), 100000, false}, [] {});
        for (int i = 0; i < 50000; ++i)
            bus.publish(EventType::TaskStarted, QString(), QJsonObject());
        QCOMPARE(stuck->size(), 10);
        QCOMPARE(stuck->stats().dropped, quint64(49990));
        QCOMPARE(fast->take(100000).events.size(), size_t(50000));
        QCOMPARE(fast->stats().dropped, quint64(0));
    }

    void localOnlySubscribersSkipRemoteEvents()
    {
        EventBus bus;
        auto all = bus.subscribe({QStringLiteral("all"), 10, false}, [] {});
        auto local = bus.subscribe({QStringLiteral("local"), 10, true}, [] {});
        bus.publish(remoteEvent(EventType::TaskFailed, "{}"));
        bus.publish(EventType::TaskFailed, QString(), QJsonObject());
        QCOMPARE(all->size(), 2);
        QCOMPARE(local->size(), 1);
        QVERIFY(!local->take(10).events.front()->isRemote());
        QCOMPARE(bus.stats().remote, quint64(1));
        // Instance-only events: gap and heartbeat by type, others by flag.
        QVERIFY(Event::create(EventType::Gap, QString(), 1, {}, 1)->isInstanceOnly());
        QVERIFY(Event::create(EventType::Heartbeat, QString(), 1, {}, 1)->isInstanceOnly());
        QVERIFY(!Event::create(EventType::BreakerStateChanged, QString(), 1, {}, 1)->isInstanceOnly());
        QVERIFY(Event::create(EventType::BreakerStateChanged, QString(), 1, {}, 1, QString(), true)->isInstanceOnly());
    }

    void unsubscribedQueuesGetNothing()
    {
        EventBus bus;
        int wakes = 0;
        auto q = bus.subscribe({QStringLiteral("q"), 10, false}, [&] { ++wakes; });
        bus.unsubscribe(q);
        bus.publish(EventType::Heartbeat, QString(), QJsonObject());
        QCOMPARE(wakes, 0);
        QCOMPARE(q->size(), 0);
        QCOMPARE(bus.stats().subscribers.size(), 0);
    }

    void concurrentPublishersLoseNothing()
    {
        EventBus bus;
        std::atomic<int> wakes{0};
        auto q = bus.subscribe({QStringLiteral("sink"), 1 << 20, false}, [&] { ++wakes; });
        constexpr int kThreads = 4;
        constexpr int kEach = 20000;
        QList<QThread *> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.append(QThread::create([&bus, t] {
                for (int i = 0; i < kEach; ++i)
                    bus.publish(EventType::TaskCompleted, QString::number(t), QJsonObject{{QStringLiteral("i"), i}});
            }));
        }
        for (QThread *th : threads)
            th->start();
        // Drain concurrently with the publishers.
        QHash<QString, int> lastSeen;
        int received = 0;
        bool inOrder = true;
        auto consume = [&] {
            for (const EventPtr &e : q->take(4096).events) {
                const int i = e->payload().value(QLatin1String("i")).toInt();
                inOrder = inOrder && i == lastSeen.value(e->projectId(), -1) + 1;
                lastSeen[e->projectId()] = i;
                ++received;
            }
        };
        while (std::any_of(threads.begin(), threads.end(), [](QThread *th) { return !th->isFinished(); }))
            consume();
        for (QThread *th : threads) {
            th->wait();
            delete th;
        }
        while (q->size() > 0)
            consume();
        QCOMPARE(received, kThreads * kEach);
        QVERIFY2(inOrder, "each publisher's events arrive in its order");
        QVERIFY(wakes.load() >= 1);
    }
};

QTEST_GUILESS_MAIN(TestEventBus)
#include "test_event_bus.moc"
