#include "RedisProcess.h"

#include "events/EventBus.h"
#include "events/RedisBridge.h"
#include "support/FreePort.h"

#include <QJsonDocument>
#include <QTest>

using namespace orrery;
using orrery::test::RedisProcess;

namespace {

// One "instance": a bus, a Redis bridge on it and a subscriber that records what it gets.
struct Instance
{
    explicit Instance(const QString &url, const QString &origin)
    {
        sink = bus.subscribe({QStringLiteral("test-sink"), 100000, false}, [] {});
        RedisBridgeConfig config;
        config.endpoint = RedisEndpoint::parse(url).value();
        config.channel = QStringLiteral("orrery:test:events");
        config.origin = origin;
        config.connectTimeoutMs = 500;
        config.backoffInitialMs = 50;
        config.backoffMaxMs = 400;
        config.breaker.failureThreshold = 3;
        config.breaker.resetTimeoutMs = 800;
        config.seed = 7;
        bridge = std::make_unique<RedisBridge>(config, &bus);
    }
    ~Instance() { bridge->stop(); }

    void collect()
    {
        for (const EventPtr &e : sink->take(100000).events)
            received.push_back(e);
    }
    QList<EventPtr> named(EventType type)
    {
        collect();
        QList<EventPtr> out;
        for (const EventPtr &e : received)
            if (e->type() == type)
                out.append(e);
        return out;
    }
    QList<EventPtr> withMarker(const QString &marker)
    {
        collect();
        QList<EventPtr> out;
        for (const EventPtr &e : received)
            if (e->payload().value(QLatin1String("marker")).toString() == marker)
                out.append(e);
        return out;
    }
    QString state() const { return bridge->stats().value(QLatin1String("state")).toString(); }
    double stat(const char *key) const { return bridge->stats().value(QLatin1String(key)).toDouble(); }

    EventBus bus;
    std::shared_ptr<EventQueue> sink;
    std::unique_ptr<RedisBridge> bridge;
    QList<EventPtr> received;
};

void publishMarked(Instance &i, const QString &marker, const QString &project = QStringLiteral("p1"))
{
    i.bus.publish(EventType::TaskCompleted, project, QJsonObject{{QStringLiteral("marker"), marker}});
}

} // namespace

class TestRedisBridge : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_redis = std::make_unique<RedisProcess>(orrery::test::FreePort::find());
        QString error;
        QVERIFY2(m_redis->start(&error), qPrintable(error));
    }
    void cleanupTestCase() { m_redis.reset(); }

    void eachEventReachesEachInstanceOnce()
    {
        Instance a(m_redis->url(), QStringLiteral("instance-a"));
        Instance b(m_redis->url(), QStringLiteral("instance-b"));
        Instance c(m_redis->url(), QStringLiteral("instance-c"));
        QVERIFY(a.bridge->start().ok());
        QVERIFY(b.bridge->start().ok());
        QVERIFY(c.bridge->start().ok());
        QTRY_COMPARE_WITH_TIMEOUT(a.state(), QStringLiteral("connected"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(b.state(), QStringLiteral("connected"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("connected"), 10000);

        for (int i = 0; i < 100; ++i)
            publishMarked(a, QStringLiteral("from-a-%1").arg(i));
        publishMarked(b, QStringLiteral("from-b"));
        QTRY_COMPARE_WITH_TIMEOUT(b.named(EventType::TaskCompleted).size(), 101, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(c.named(EventType::TaskCompleted).size(), 101, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(a.named(EventType::TaskCompleted).size(), 101, 10000);
        // Settle, then check nothing arrived twice and nothing echoed back to its origin.
        QTRY_COMPARE_WITH_TIMEOUT(a.stat("ownEchoes"), 100.0, 10000);
        QTest::qWait(300);
        QCOMPARE(a.named(EventType::TaskCompleted).size(), 101);
        QCOMPARE(b.named(EventType::TaskCompleted).size(), 101);
        QCOMPARE(c.named(EventType::TaskCompleted).size(), 101);
        QCOMPARE(a.withMarker(QStringLiteral("from-a-5")).size(), 1);
        QVERIFY(!a.withMarker(QStringLiteral("from-a-5")).front()->isRemote());
        const QList<EventPtr> atB = b.withMarker(QStringLiteral("from-a-5"));
        QCOMPARE(atB.size(), 1);
        QVERIFY(atB.front()->isRemote());
        QCOMPARE(atB.front()->origin(), QStringLiteral("instance-a"));
        QCOMPARE(atB.front()->projectId(), QStringLiteral("p1"));
        // The body travelled verbatim.
        QCOMPARE(QJsonDocument::fromJson(atB.front()->wireJson()).object().value(QLatin1String("marker")).toString(),
                 QStringLiteral("from-a-5"));
        // Order is kept per origin.
        const QList<EventPtr> fromA = c.named(EventType::TaskCompleted);
        int expected = 0;
        for (const EventPtr &e : fromA) {
            const QString m = e->payload().value(QLatin1String("marker")).toString();
            if (m.startsWith(QLatin1String("from-a-")))
                QCOMPARE(m, QStringLiteral("from-a-%1").arg(expected++));
        }
        QCOMPARE(expected, 100);
        QCOMPARE(b.stat("duplicates"), 0.0);
        QCOMPARE(b.stat("malformed"), 0.0);
    }

    void gapAndHeartbeatStayLocal()
    {
        Instance a(m_redis->url(), QStringLiteral("local-a"));
        Instance b(m_redis->url(), QStringLiteral("local-b"));
        QVERIFY(a.bridge->start().ok());
        QVERIFY(b.bridge->start().ok());
        QTRY_COMPARE_WITH_TIMEOUT(a.state(), QStringLiteral("connected"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(b.state(), QStringLiteral("connected"), 10000);
        a.bus.publish(EventType::Gap, QString(), QJsonObject{{QStringLiteral("marker"), QStringLiteral("g")}});
        a.bus.publish(EventType::Heartbeat, QString(), QJsonObject{{QStringLiteral("marker"), QStringLiteral("h")}});
        publishMarked(a, QStringLiteral("after"));
        QTRY_COMPARE_WITH_TIMEOUT(b.withMarker(QStringLiteral("after")).size(), 1, 10000);
        QCOMPARE(b.withMarker(QStringLiteral("g")).size(), 0);
        QCOMPARE(b.withMarker(QStringLiteral("h")).size(), 0);
    }

    void malformedMessagesAreCountedNotDelivered()
    {
        Instance a(m_redis->url(), QStringLiteral("strict-a"));
        QVERIFY(a.bridge->start().ok());
        QTRY_COMPARE_WITH_TIMEOUT(a.state(), QStringLiteral("connected"), 10000);
        m_redis->command("PUBLISH orrery:test:events garbage");
        m_redis->command("PUBLISH orrery:test:events \"{\\\"v\\\":1,\\\"k\\\":\\\"e\\\",\\\"o\\\":\\\"x\\\",\\\"s\\\":1,"
                         "\\\"n\\\":\\\"nope\\\"}\\n{}\"");
        QTRY_COMPARE_WITH_TIMEOUT(a.stat("malformed"), 2.0, 10000);
        a.collect();
        QCOMPARE(a.received.size(), 0);
        QVERIFY(a.bridge->stats().value(QLatin1String("lastError")).toString().contains(QLatin1String("nope")));
    }

    void anOutageKeepsLocalDeliveryAndEndsWithGaps()
    {
        Instance a(m_redis->url(), QStringLiteral("outage-a"));
        Instance b(m_redis->url(), QStringLiteral("outage-b"));
        QVERIFY(a.bridge->start().ok());
        QVERIFY(b.bridge->start().ok());
        QTRY_COMPARE_WITH_TIMEOUT(a.state(), QStringLiteral("connected"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(b.state(), QStringLiteral("connected"), 10000);
        publishMarked(a, QStringLiteral("before"));
        QTRY_COMPARE_WITH_TIMEOUT(b.withMarker(QStringLiteral("before")).size(), 1, 10000);

        m_redis->stop();
        QTRY_COMPARE_WITH_TIMEOUT(a.state(), QStringLiteral("disconnected"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(b.state(), QStringLiteral("disconnected"), 10000);
        // Local delivery goes on.
        for (int i = 0; i < 5; ++i)
            publishMarked(a, QStringLiteral("during-%1").arg(i));
        QCOMPARE(a.withMarker(QStringLiteral("during-4")).size(), 1);
        // Repeated failures open the breaker, which is itself an event on the bus.
        QTRY_VERIFY_WITH_TIMEOUT(!a.named(EventType::BreakerStateChanged).isEmpty(), 10000);
        const QJsonObject opened = a.named(EventType::BreakerStateChanged).front()->payload();
        QCOMPARE(opened.value(QLatin1String("name")).toString(), QStringLiteral("redis"));
        QCOMPARE(opened.value(QLatin1String("to")).toString(), QStringLiteral("OPEN"));
        QTRY_COMPARE_WITH_TIMEOUT(a.stat("unsent"), 5.0, 10000);

        QString error;
        QVERIFY2(m_redis->start(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(a.state(), QStringLiteral("connected"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(b.state(), QStringLiteral("connected"), 15000);

        // Each side tells its clients about the outage...
        QTRY_VERIFY_WITH_TIMEOUT(!a.named(EventType::Gap).isEmpty(), 10000);
        const QJsonObject gapA = a.named(EventType::Gap).front()->payload();
        QCOMPARE(gapA.value(QLatin1String("reason")).toString(), QStringLiteral("redis_outage"));
        QCOMPARE(gapA.value(QLatin1String("missed")).toDouble(), 5.0); // what a could not send
        QVERIFY(gapA.value(QLatin1String("until")).toDouble() >= gapA.value(QLatin1String("since")).toDouble());
        // ...and b learns from a's sync exactly how many of a's events it missed.
        auto remoteGapFromA = [&b] {
            const QList<EventPtr> gaps = b.named(EventType::Gap);
            return std::any_of(gaps.cbegin(), gaps.cend(), [](const EventPtr &e) {
                const QJsonObject p = e->payload();
                return p.value(QLatin1String("reason")).toString() == QLatin1String("remote_gap")
                    && p.value(QLatin1String("origin")).toString() == QLatin1String("outage-a")
                    && p.value(QLatin1String("missed")).toDouble() == 5.0;
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(remoteGapFromA(), 15000); // a's sync on reconnecting, or its periodic one
        QCOMPARE(b.withMarker(QStringLiteral("during-0")).size(), 0);

        // Delivery across instances resumes, once each.
        publishMarked(a, QStringLiteral("after"));
        QTRY_COMPARE_WITH_TIMEOUT(b.withMarker(QStringLiteral("after")).size(), 1, 10000);
        QTest::qWait(200);
        QCOMPARE(b.withMarker(QStringLiteral("after")).size(), 1);
        QCOMPARE(a.withMarker(QStringLiteral("after")).size(), 1);
        QVERIFY(a.stat("outages") >= 1);
        QVERIFY(a.stat("connects") >= 2);
        QCOMPARE(a.bridge->stats().value(QLatin1String("breaker")).toString(), QStringLiteral("CLOSED"));
    }

    void startsWhileRedisIsDownAndConnectsLater()
    {
        const quint16 port = orrery::test::FreePort::find();
        RedisProcess late(port);
        Instance a(late.url(), QStringLiteral("early-a"));
        QVERIFY2(a.bridge->start().ok(), "starting never waits for Redis");
        publishMarked(a, QStringLiteral("local"));
        QCOMPARE(a.withMarker(QStringLiteral("local")).size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(a.state(), QStringLiteral("disconnected"), 10000);
        QVERIFY(!a.bridge->stats().value(QLatin1String("lastError")).toString().isEmpty());
        QString error;
        QVERIFY2(late.start(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(a.state(), QStringLiteral("connected"), 15000);
    }

private:
    std::unique_ptr<RedisProcess> m_redis;
};

QTEST_GUILESS_MAIN(TestRedisBridge)
#include "test_redis_bridge.moc"
