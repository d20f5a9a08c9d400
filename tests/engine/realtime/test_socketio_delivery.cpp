// Event delivery by the hub: rooms and namespaces, one frame per socket, flow control for slow
// clients (drop oldest + gap, disconnect when they stay behind), hub overload gaps, stats.
#include "PausableWsClient.h"
#include "RawSocketIo.h"
#include "RealtimeFixture.h"

#include "api/realtime/SocketIoHub.h"
#include "core/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSemaphore>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

HubSettings quietSettings()
{
    HubSettings s;
    s.heartbeatIntervalMs = 3600000;
    return s;
}

QStringList eventsNamed(const QStringList &frames, const QString &nsp, const QString &name)
{
    QStringList out;
    const QString prefix = QStringLiteral("42%1,[\"%2\",").arg(nsp, name);
    for (const QString &f : frames)
        if (f.startsWith(prefix))
            out.append(f);
    return out;
}

QJsonObject payloadOf(const QString &frame)
{
    const QString json = frame.mid(frame.indexOf(QLatin1Char('[')));
    return QJsonDocument::fromJson(json.toUtf8()).array().at(1).toObject();
}

} // namespace

class TestSocketIoDelivery : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RealtimeFixture> m_hub;

    void startHub(HubSettings settings = quietSettings())
    {
        m_hub = std::make_unique<RealtimeFixture>(settings);
        QString error;
        QVERIFY2(m_hub->start(&error), qPrintable(error));
    }
    bool joinAndSubscribe(RawSocketIo &c, const QString &nsp, const QString &token, const QStringList &projects)
    {
        if (c.open(QUrl(m_hub->wsUrl())).isEmpty())
            return false;
        c.send(QStringLiteral("40%1,{\"token\":\"%2\"}").arg(nsp, token));
        if (!c.next().startsWith(QStringLiteral("40%1,").arg(nsp)))
            return false;
        int id = 0;
        for (const QString &p : projects) {
            c.send(QStringLiteral("42%1,%2[\"subscribe_to_project\",{\"project_id\":\"%3\"}]").arg(nsp).arg(id).arg(p));
            if (!c.nextStartingWith(QStringLiteral("43%1,%2[{\"ok\":true").arg(nsp).arg(id)).size())
                return false;
            ++id;
        }
        c.drain(50); // the `subscribed` events
        return true;
    }

private slots:
    void cleanup() { m_hub.reset(); }

    void eventsReachExactlyTheirRooms()
    {
        startHub();
        RawSocketIo p1, p2, both, all, admin, profiling;
        QVERIFY(joinAndSubscribe(p1, QStringLiteral("/tasks"), QStringLiteral("viewer-p1"), {"p1"}));
        QVERIFY(joinAndSubscribe(p2, QStringLiteral("/tasks"), QStringLiteral("viewer-all"), {"p2"}));
        QVERIFY(joinAndSubscribe(both, QStringLiteral("/tasks"), QStringLiteral("viewer-all"), {"p1", "p2", "*"}));
        QVERIFY(joinAndSubscribe(all, QStringLiteral("/tasks"), QStringLiteral("viewer-all"), {"*"}));
        QVERIFY(joinAndSubscribe(admin, QStringLiteral("/admin"), QStringLiteral("admin-token"), {}));
        QVERIFY(joinAndSubscribe(profiling, QStringLiteral("/profiling"), QStringLiteral("viewer-p1"), {"p1"}));

        m_hub->publish(EventType::TaskCompleted, QStringLiteral("p1"), {{"taskId", "t-1"}});
        m_hub->publish(EventType::TaskCompleted, QStringLiteral("p2"), {{"taskId", "t-2"}});
        m_hub->publish(EventType::ProgressUpdate, QStringLiteral("p1"), {{"taskId", "t-1"}, {"percent", 50}});
        m_hub->publish(EventType::TaskCreated, QString(), {{"taskId", "t-none"}});
        m_hub->publish(EventType::BreakerStateChanged, QString(), {{"name", "http:x"}, {"to", "OPEN"}});
        m_hub->publish(EventType::Heartbeat, QString(), {}); // the hub sends its own

        const QStringList f1 = p1.drain(300), f2 = p2.drain(50), fb = both.drain(50), fa = all.drain(50),
                          fad = admin.drain(50), fp = profiling.drain(50);
        QCOMPARE(f1.size(), 2); // its task_completed and progress_update, nothing else
        QCOMPARE(eventsNamed(f1, "/tasks", "task_completed").size(), 1);
        QCOMPARE(payloadOf(eventsNamed(f1, "/tasks", "task_completed").front()).value("taskId").toString(), QStringLiteral("t-1"));
        QCOMPARE(payloadOf(eventsNamed(f1, "/tasks", "task_completed").front()).value("projectId").toString(), QStringLiteral("p1"));
        QCOMPARE(eventsNamed(f1, "/tasks", "progress_update").size(), 1);
        QCOMPARE(f2.size(), 1);
        QCOMPARE(payloadOf(f2.front()).value("taskId").toString(), QStringLiteral("t-2"));
        QCOMPARE(fb.size(), 4); // p1, p2, progress, the project-less one: each once despite three rooms
        QCOMPARE(fa.size(), 4);
        QCOMPARE(fad.size(), 5); // admins see every event, breakers included
        QCOMPARE(eventsNamed(fad, "/admin", "breaker_state_changed").size(), 1);
        QCOMPARE(fp.size(), 1); // /profiling: progress and workflows only
        QCOMPARE(eventsNamed(fp, "/profiling", "progress_update").size(), 1);

        // The same bytes went to every socket.
        const QString a = eventsNamed(f1, "/tasks", "task_completed").front();
        QCOMPARE(eventsNamed(fb, "/tasks", "task_completed").front(), a);
        QCOMPARE(eventsNamed(fa, "/tasks", "task_completed").front(), a);
    }

    void remoteEventsPassVerbatimAndUserRoomsWork()
    {
        startHub();
        RawSocketIo user;
        QVERIFY(joinAndSubscribe(user, QStringLiteral("/tasks"), QStringLiteral("viewer-all"), {}));
        const QByteArray wire = "{\"projectId\":\"\",\"time\":5,\"userId\":\"val\",\"z\":\"\\u00e9\"}";
        m_hub->bus().publish(Event::fromWire(EventType::JobFired, QString(), QStringLiteral("val"), 5, 1,
                                             QStringLiteral("elsewhere"), wire));
        m_hub->publish(EventType::JobMissed, QString(), {{"job", "j"}}); // no project, no user: admins only
        const QStringList frames = user.drain(300);
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames.front(), QStringLiteral("42/tasks,[\"job_fired\",") + QString::fromUtf8(wire) + QStringLiteral("]"));
    }

    void leavingANamespaceLeavesItsRooms()
    {
        startHub();
        RawSocketIo c;
        QVERIFY(joinAndSubscribe(c, QStringLiteral("/tasks"), QStringLiteral("viewer-all"), {"p1"}));
        c.send(QStringLiteral("40/profiling,{\"token\":\"viewer-all\"}"));
        QVERIFY(c.next().startsWith(QLatin1String("40/profiling,")));
        c.send(QStringLiteral("42/profiling,0[\"subscribe_to_project\",{\"project_id\":\"p1\"}]"));
        c.nextStartingWith(QStringLiteral("43/profiling,0"));
        c.send(QStringLiteral("41/tasks,"));
        c.drain(100);
        m_hub->publish(EventType::WorkflowStarted, QStringLiteral("p1"), {{"workflowId", "w"}});
        const QStringList frames = c.drain(300);
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames.front().startsWith(QLatin1String("42/profiling,[\"workflow_started\"")));
        const QJsonObject stats = m_hub->stats();
        QCOMPARE(stats.value("connections").toObject().value("namespaces").toObject().value("/tasks").toInt(), 0);
        QCOMPARE(stats.value("connections").toObject().value("namespaces").toObject().value("/profiling").toInt(), 1);
        for (const QJsonValue &r : stats.value("rooms").toArray())
            QVERIFY(r.toObject().value("namespace").toString() != QLatin1String("/tasks"));
    }

    void statsRoute()
    {
        startHub();
        RawSocketIo a, b, adm;
        QVERIFY(joinAndSubscribe(a, QStringLiteral("/tasks"), QStringLiteral("viewer-p1"), {"p1"}));
        QVERIFY(joinAndSubscribe(b, QStringLiteral("/tasks"), QStringLiteral("viewer-all"), {"p1", "p9"}));
        QVERIFY(joinAndSubscribe(adm, QStringLiteral("/admin"), QStringLiteral("admin-token"), {}));
        for (int i = 0; i < 50; ++i)
            m_hub->publish(EventType::TaskStarted, QStringLiteral("p1"), {{"i", i}});
        a.drain(300);
        b.drain(10);

        QCOMPARE(m_hub->get(QStringLiteral("/api/websocket/stats")).status, 401);
        const QJsonObject s = m_hub->stats();
        QCOMPARE(s.value("connections").toObject().value("sessions").toInt(), 3);
        QCOMPARE(s.value("connections").toObject().value("namespaces").toObject().value("/tasks").toInt(), 2);
        QCOMPARE(s.value("connections").toObject().value("namespaces").toObject().value("/admin").toInt(), 1);
        QHash<QString, int> sizes;
        for (const QJsonValue &v : s.value("rooms").toArray())
            sizes.insert(v.toObject().value("namespace").toString() + v.toObject().value("room").toString(), v.toObject().value("size").toInt());
        QCOMPARE(sizes.value("/tasksproject_p1"), 2);
        QCOMPARE(sizes.value("/tasksproject_p9"), 1);
        QCOMPARE(sizes.value("/tasksuser_pat"), 1);
        const QJsonObject events = s.value("events").toObject();
        QCOMPARE(events.value("received").toInt(), 50);
        QCOMPARE(events.value("deliveries").toInt(), 150); // 2 room members + 1 admin, 50 times
        QCOMPARE(events.value("droppedForSlowClients").toInt(), 0);
        const QJsonObject latency = s.value("latencyMs").toObject();
        QCOMPARE(latency.value("samples").toInt(), 150);
        QVERIFY(latency.value("p50").toDouble() <= latency.value("p95").toDouble());
        QVERIFY(latency.value("p95").toDouble() <= latency.value("p99").toDouble());
        QVERIFY(latency.value("p99").toDouble() < 1000.0);
        QVERIFY(s.value("messages").toObject().value("in").toInt() >= 6);
        QVERIFY(s.value("messages").toObject().contains("outPerSecond"));
        QVERIFY(s.value("slowClients").toObject().contains("dropping"));
        QCOMPARE(s.value("redis").toObject().value("enabled").toBool(), false);
        QCOMPARE(s.value("bus").toObject().value("byType").toObject().value("task_started").toInt(), 50);

        // A token limited to some projects sees only their rooms.
        const QJsonObject scoped = m_hub->stats("viewer-p1");
        QStringList rooms;
        for (const QJsonValue &v : scoped.value("rooms").toArray())
            rooms.append(v.toObject().value("room").toString());
        rooms.sort();
        QCOMPARE(rooms, (QStringList{"project_p1", "user_pat"}));
    }

    void aFullHubQueueTellsEveryoneAboutTheGap()
    {
        HubSettings s = quietSettings();
        s.busQueueCapacity = 8;
        startHub(s);
        RawSocketIo c;
        QVERIFY(joinAndSubscribe(c, QStringLiteral("/tasks"), QStringLiteral("viewer-all"), {"p1"}));
        // Hold the hub's thread while 100 events arrive: its queue keeps the newest 8.
        QSemaphore entered, release;
        QMetaObject::invokeMethod(m_hub->service().hub(), [&] {
            entered.release();
            release.acquire();
        });
        entered.acquire();
        for (int i = 0; i < 100; ++i)
            m_hub->publish(EventType::TaskStarted, QStringLiteral("p1"), {{"i", i}});
        release.release();
        const QStringList frames = c.drain(500);
        QCOMPARE(frames.size(), 9);
        QVERIFY2(frames.front().startsWith(QLatin1String("42/tasks,[\"gap\",")), qPrintable(frames.front()));
        const QJsonObject gap = payloadOf(frames.front());
        QCOMPARE(gap.value("reason").toString(), QStringLiteral("server_overloaded"));
        QCOMPARE(gap.value("missed").toInt(), 92);
        QCOMPARE(payloadOf(frames.at(1)).value("i").toInt(), 92); // then the newest ones, in order
        QCOMPARE(payloadOf(frames.last()).value("i").toInt(), 99);
        QCOMPARE(m_hub->stats().value("events").toObject().value("droppedByHub").toInt(), 92);
    }

    void aSlowClientLosesItsOldestGetsAGapAndNeverSlowsTheOthers()
    {
        ManualClock clock;
        HubSettings s = quietSettings();
        s.outboundHighWaterBytes = 64 * 1024;
        s.outboundQueueFrames = 16;
        s.slowClientGraceMs = 10000;
        s.clock = &clock;
        startHub(s);

        RawSocketIo fast;
        QVERIFY(joinAndSubscribe(fast, QStringLiteral("/tasks"), QStringLiteral("viewer-all"), {"p1"}));
        PausableWsClient slow;
        QVERIFY(!slow.open(m_hub->port()).isEmpty());
        slow.sendText(QStringLiteral("40/tasks,{\"token\":\"viewer-all\"}"));
        slow.sendText(QStringLiteral("42/tasks,0[\"subscribe_to_project\",{\"project_id\":\"p1\"}]"));
        QVERIFY(!slow.readUntil(QStringLiteral("42/tasks,[\"subscribed\""), 5000).isEmpty());
        slow.pause();

        // 2,000 events of 16 KB: far more than the socket buffers between the hub and a reader
        // that stopped reading.
        const QString filler(16 * 1024, QLatin1Char('f'));
        constexpr int kEvents = 2000;
        int fastGot = 0;
        for (int i = 0; i < kEvents; ++i) {
            m_hub->publish(EventType::TaskStarted, QStringLiteral("p1"), {{"i", i}, {"filler", filler}});
            if (i % 50 == 49)
                fastGot += eventsNamed(fast.drain(20), "/tasks", "task_started").size();
        }
        QTRY_VERIFY_WITH_TIMEOUT((fastGot += eventsNamed(fast.drain(50), "/tasks", "task_started").size()) == kEvents, 20000);
        QVERIFY2(fast.drain(100).isEmpty(), "the fast client got every event once and no gap");

        QJsonObject st = m_hub->stats();
        const int dropped = st.value("events").toObject().value("droppedForSlowClients").toInt();
        QVERIFY2(dropped > 0, "the slow client's queue overflowed");
        QCOMPARE(st.value("slowClients").toObject().value("dropping").toInt(), 1);

        // It catches up: a gap saying exactly how many it missed, then the newest events in order.
        slow.resume();
        QStringList got;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                got += slow.read(50);
                return !got.isEmpty() && payloadOf(got.last()).value("i").toInt() == kEvents - 1;
            }(),
            30000);
        const QStringList gaps = eventsNamed(got, "/tasks", "gap");
        QCOMPARE(gaps.size(), 1);
        QCOMPARE(payloadOf(gaps.front()).value("reason").toString(), QStringLiteral("slow_client"));
        const int missed = payloadOf(gaps.front()).value("missed").toInt();
        const int delivered = eventsNamed(got, "/tasks", "task_started").size();
        QCOMPARE(missed, dropped);
        QCOMPARE(delivered + missed, kEvents); // nothing lost without being counted
        int last = -1;
        for (const QString &f : eventsNamed(got, "/tasks", "task_started")) {
            const int i = payloadOf(f).value("i").toInt();
            QVERIFY(i > last);
            last = i;
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->stats().value("slowClients").toObject().value("dropping").toInt(), 0, 5000);
        QCOMPARE(m_hub->stats().value("slowClients").toObject().value("disconnected").toInt(), 0);

        // Behind again and for longer than the grace period: disconnected (a transport close,
        // so a real client reconnects afresh).
        slow.pause();
        for (int i = 0; i < kEvents; ++i) {
            m_hub->publish(EventType::TaskStarted, QStringLiteral("p1"), {{"i", i}, {"filler", filler}});
            if (i % 50 == 49)
                fast.drain(20);
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->stats().value("slowClients").toObject().value("dropping").toInt(), 1, 10000);
        clock.advanceMs(10001);
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->stats().value("slowClients").toObject().value("disconnected").toInt(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->stats().value("connections").toObject().value("sessions").toInt(), 1, 15000);
        fast.drain(200);
        QVERIFY(!fast.isClosed());
    }
};

QTEST_GUILESS_MAIN(TestSocketIoDelivery)
#include "test_socketio_delivery.moc"
