#include "events/Event.h"
#include "events/ReconnectBackoff.h"
#include "events/RedisEndpoint.h"
#include "events/RedisEnvelope.h"

#include <QJsonDocument>
#include <QTest>

using namespace orrery;

class TestRedisCodec : public QObject
{
    Q_OBJECT

private slots:
    void eventEnvelopeRoundTripsVerbatim()
    {
        const EventPtr e = Event::create(EventType::WorkflowCompleted, QStringLiteral("proj-1"), 1234,
                                         QJsonObject{{QStringLiteral("workflowId"), QStringLiteral("w1")},
                                                     {QStringLiteral("name"), QStringLiteral("n\u00e9")}},
                                         1'700'000'000'123'456, QStringLiteral("alice"));
        const QByteArray msg = RedisEnvelope::encodeEvent(QStringLiteral("host-1-abc"), 77, *e);
        auto decoded = RedisEnvelope::decode(msg);
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
        const RedisEnvelope &env = decoded.value();
        QCOMPARE(env.kind, RedisEnvelope::Kind::Event);
        QCOMPARE(env.origin, QStringLiteral("host-1-abc"));
        QCOMPARE(env.seq, quint64(77));
        QCOMPARE(env.type, EventType::WorkflowCompleted);
        QCOMPARE(env.projectId, QStringLiteral("proj-1"));
        QCOMPARE(env.userId, QStringLiteral("alice"));
        QCOMPARE(env.timeMs, 1234);
        QCOMPARE(env.createdUs, 1'700'000'000'123'456); // exact in a double
        QCOMPARE(env.wireJson, e->wireJson());          // the body is the wire form, byte for byte
        const EventPtr remote = env.toEvent();
        QVERIFY(remote->isRemote());
        QCOMPARE(remote->origin(), QStringLiteral("host-1-abc"));
        QCOMPARE(remote->wireJson(), e->wireJson());
    }

    void syncEnvelope()
    {
        auto decoded = RedisEnvelope::decode(RedisEnvelope::encodeSync(QStringLiteral("o"), 9));
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->kind, RedisEnvelope::Kind::Sync);
        QCOMPARE(decoded->seq, quint64(9));
    }

    void malformedMessagesAreRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no header line") << QByteArray("{\"v\":1}") << QStringLiteral("header line");
        QTest::newRow("header not json") << QByteArray("nope\n{}") << QStringLiteral("not a JSON object");
        QTest::newRow("version") << QByteArray("{\"v\":2,\"k\":\"e\",\"o\":\"x\",\"s\":1}\n{}") << QStringLiteral("version 2");
        QTest::newRow("origin") << QByteArray("{\"v\":1,\"k\":\"e\",\"s\":1}\n{}") << QStringLiteral("origin");
        QTest::newRow("sequence") << QByteArray("{\"v\":1,\"k\":\"e\",\"o\":\"x\",\"s\":0}\n{}") << QStringLiteral("sequence");
        QTest::newRow("kind") << QByteArray("{\"v\":1,\"k\":\"z\",\"o\":\"x\",\"s\":1}\n{}") << QStringLiteral("kind 'z'");
        QTest::newRow("event name")
            << QByteArray("{\"v\":1,\"k\":\"e\",\"o\":\"x\",\"s\":1,\"n\":\"task_exploded\"}\n{}") << QStringLiteral("task_exploded");
        QTest::newRow("body")
            << QByteArray("{\"v\":1,\"k\":\"e\",\"o\":\"x\",\"s\":1,\"n\":\"task_started\"}\n{\"a\":") << QStringLiteral("JSON object body");
        QTest::newRow("body array")
            << QByteArray("{\"v\":1,\"k\":\"e\",\"o\":\"x\",\"s\":1,\"n\":\"task_started\"}\n[1]") << QStringLiteral("JSON object body");
    }
    void malformedMessagesAreRefusedWithAReason()
    {
        QFETCH(QByteArray, message);
        QFETCH(QString, mentions);
        auto decoded = RedisEnvelope::decode(message);
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.error().message.contains(mentions), qPrintable(decoded.error().message));
    }

    void endpointParsing()
    {
        auto e = RedisEndpoint::parse(QStringLiteral("redis://127.0.0.1:6390"));
        QVERIFY(e.ok());
        QCOMPARE(e->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(e->port, quint16(6390));
        QCOMPARE(e->db, 0);
        e = RedisEndpoint::parse(QStringLiteral("redis://:s3cret@cache.local/2"));
        QVERIFY(e.ok());
        QCOMPARE(e->port, quint16(6379));
        QCOMPARE(e->password, QStringLiteral("s3cret"));
        QCOMPARE(e->db, 2);
        QVERIFY2(!e->display().contains(QLatin1String("s3cret")), "the password never shows");
        QCOMPARE(e->display(), QStringLiteral("redis://:***@cache.local:6379/2"));
        e = RedisEndpoint::parse(QStringLiteral("redis://bob:pw@h:1/0"));
        QVERIFY(e.ok());
        QCOMPARE(e->user, QStringLiteral("bob"));

        for (const char *bad : {"http://h:1", "redis://", "redis://h:1/x", "", "rediss://h"}) {
            auto r = RedisEndpoint::parse(QString::fromLatin1(bad));
            QVERIFY2(!r.ok(), bad);
            QVERIFY2(r.error().message.contains(QLatin1String("redis-url")), qPrintable(r.error().message));
        }
        auto withSecret = RedisEndpoint::parse(QStringLiteral("ftp://:topsecret@h"));
        QVERIFY(!withSecret.ok());
        QVERIFY(!withSecret.error().message.contains(QLatin1String("topsecret")));
    }

    void backoffGrowsIsBoundedAndJittered()
    {
        ReconnectBackoff a(100, 1000, 0.3, 42);
        ReconnectBackoff b(100, 1000, 0.3, 42);
        QList<int> delays;
        for (int i = 0; i < 8; ++i) {
            const int d = a.next();
            QCOMPARE(d, b.next()); // seeded: reproducible
            delays.append(d);
        }
        const int bases[] = {100, 200, 400, 800, 1000, 1000, 1000, 1000};
        bool anyJitter = false;
        for (int i = 0; i < 8; ++i) {
            QVERIFY2(delays[i] >= int(bases[i] * 0.7) && delays[i] <= int(bases[i] * 1.3 + 1),
                     qPrintable(QStringLiteral("attempt %1: %2 ms").arg(i).arg(delays[i])));
            anyJitter = anyJitter || delays[i] != bases[i];
        }
        QVERIFY(anyJitter);
        QCOMPARE(a.attempts(), 8);
        a.reset();
        QVERIFY(a.next() <= 130);
        ReconnectBackoff c(100, 1000, 0.3, 43);
        bool differs = false;
        ReconnectBackoff d(100, 1000, 0.3, 42);
        for (int i = 0; i < 8; ++i)
            differs = differs || c.next() != d.next();
        QVERIFY2(differs, "another seed, other delays: instances do not reconnect in lock step");
    }
};

QTEST_GUILESS_MAIN(TestRedisCodec)
#include "test_redis_codec.moc"
