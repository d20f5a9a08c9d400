// The hub's pure parts: the Socket.IO codec, routing, rooms, subscriptions, histogram, token
// bucket, progress ETA and configuration.
#include "api/realtime/EventRouting.h"
#include "api/realtime/LatencyHistogram.h"
#include "api/realtime/NamespaceSocket.h"
#include "api/realtime/ProgressEstimator.h"
#include "api/realtime/RealtimeConfig.h"
#include "api/realtime/RoomRegistry.h"
#include "api/realtime/SocketIoPacket.h"
#include "api/realtime/SubscriptionHandler.h"
#include "api/realtime/TokenBucket.h"
#include "events/Event.h"

#include <QJsonDocument>
#include <QTest>

using namespace orrery;

namespace {

EventPtr ev(EventType t, const QString &project = QString(), const QString &user = QString())
{
    return Event::create(t, project, 1, QJsonObject(), 1, user);
}

QString describe(const QList<RouteTarget> &targets)
{
    QStringList parts;
    for (const RouteTarget &t : targets)
        parts.append(t.nsp + (t.everyone ? QStringLiteral("=*") : QLatin1Char('=') + t.rooms.join(QLatin1Char('|'))));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestRealtimeUnits : public QObject
{
    Q_OBJECT

private slots:
    void decodesWhatTheReferenceDecodes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("nsp");
        QTest::addColumn<qint64>("ackId");
        QTest::addColumn<QString>("json");
        QTest::newRow("connect /") << "0" << 0 << "/" << qint64(-1) << "";
        QTest::newRow("connect auth") << "0/tasks,{\"token\":\"secret\"}" << 0 << "/tasks" << qint64(-1) << "{\"token\":\"secret\"}";
        QTest::newRow("connect no comma") << "0/admin" << 0 << "/admin" << qint64(-1) << "";
        QTest::newRow("connect empty auth") << "0/admin," << 0 << "/admin" << qint64(-1) << "";
        QTest::newRow("glued namespace") << "0/tasks{\"token\":\"secret\"}" << 0 << "/tasks{\"token\":\"secret\"}" << qint64(-1) << "";
        QTest::newRow("event with ack") << "2/tasks,0[\"subscribe_to_project\",{\"project_id\":123}]" << 2 << "/tasks" << qint64(0)
                                        << "[\"subscribe_to_project\",{\"project_id\":123}]";
        QTest::newRow("default ns ack") << "2123[\"echo\",\"a\",{\"b\":2}]" << 2 << "/" << qint64(123) << "[\"echo\",\"a\",{\"b\":2}]";
        QTest::newRow("numeric name") << "2/tasks,[42,\"n\"]" << 2 << "/tasks" << qint64(-1) << "[42,\"n\"]";
        QTest::newRow("ack empty") << "35[]" << 3 << "/" << qint64(5) << "[]";
        QTest::newRow("python ack") << "3/tasks,0[\"py-answer\",7]" << 3 << "/tasks" << qint64(0) << "[\"py-answer\",7]";
        QTest::newRow("disconnect") << "1/admin," << 1 << "/admin" << qint64(-1) << "";
        QTest::newRow("binary event") << "51-0[\"echo\",{\"_placeholder\":true,\"num\":0}]" << 5 << "/" << qint64(0)
                                      << "[\"echo\",{\"_placeholder\":true,\"num\":0}]";
        QTest::newRow("unicode") << "2/tasks,[\"e\",\"h\u00e9\"]" << 2 << "/tasks" << qint64(-1) << "[\"e\",\"h\u00e9\"]";
    }
    void decodesWhatTheReferenceDecodes()
    {
        QFETCH(QString, text);
        QFETCH(int, type);
        QFETCH(QString, nsp);
        QFETCH(qint64, ackId);
        QFETCH(QString, json);
        auto p = SocketIoPacket::decode(text);
        QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().message));
        QCOMPARE(int(p->type), type);
        QCOMPARE(p->nsp, nsp);
        QCOMPARE(p->ackId, ackId);
        if (json.isEmpty()) {
            QVERIFY(p->data.isUndefined());
        } else {
            const QJsonDocument want = QJsonDocument::fromJson(json.toUtf8());
            QCOMPARE(p->data, want.isObject() ? QJsonValue(want.object()) : QJsonValue(want.array()));
        }
    }

    void refusesWhatTheReferenceRefuses_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *bad : {"", "9", "7[]", "2", "2{\"a\":1}", "2[]", "2[\"disconnect\"]", "2[\"connect_error\",1]",
                                "2[\"newListener\"]", "2[{}]", "2[\"x\"", "0[\"secret\"]", "0\"s\"", "1/tasks,{\"r\":1}",
                                "3/tasks,0{\"a\":1}", "4/tasks,", "5-0[\"x\"]", "511-0[\"x\"]", "5a-[\"x\"]", "2[\"x\"] trailing",
                                "21234567890123456[\"x\"]"})
            QTest::newRow(bad) << QString::fromUtf8(bad);
    }
    void refusesWhatTheReferenceRefuses()
    {
        QFETCH(QString, text);
        auto p = SocketIoPacket::decode(text);
        QVERIFY2(!p.ok(), qPrintable(text));
        QVERIFY(p.error().message.startsWith(QLatin1String("Socket.IO protocol error")));
    }

    void encodesLikeTheReference()
    {
        QCOMPARE(SocketIoPacket::connectReply("/tasks", "abc"), QStringLiteral("40/tasks,{\"sid\":\"abc\"}"));
        QCOMPARE(SocketIoPacket::connectReply("/", "abc"), QStringLiteral("40{\"sid\":\"abc\"}"));
        QCOMPARE(SocketIoPacket::connectError("/nope", "Invalid namespace"), QStringLiteral("44/nope,{\"message\":\"Invalid namespace\"}"));
        QCOMPARE(SocketIoPacket::connectError("/tasks", "unauthorized", QJsonObject{{"reason", "invalid token"}}),
                 QStringLiteral("44/tasks,{\"data\":{\"reason\":\"invalid token\"},\"message\":\"unauthorized\"}"));
        QCOMPARE(SocketIoPacket::disconnect("/admin"), QStringLiteral("41/admin,"));
        QCOMPARE(SocketIoPacket::disconnect("/"), QStringLiteral("41"));
        QCOMPARE(SocketIoPacket::ack("/", 5, {}), QStringLiteral("435[]"));
        QCOMPARE(SocketIoPacket::ack("/tasks", 0, {QJsonObject{{"ok", true}}}), QStringLiteral("43/tasks,0[{\"ok\":true}]"));
        QCOMPARE(SocketIoPacket::event("/tasks", "server_ask", {QJsonObject{{"q", 1}}}, 0), QStringLiteral("42/tasks,0[\"server_ask\",{\"q\":1}]"));
        QCOMPARE(SocketIoPacket::eventWithRawArg("/tasks", "task_completed", "{\"b\":1,  \"a\":\"\xc3\xa9\"}"),
                 QStringLiteral("42/tasks,[\"task_completed\",{\"b\":1,  \"a\":\"\u00e9\"}]"));
        // What we encode, we decode back.
        auto p = SocketIoPacket::decode(SocketIoPacket::event("/x", "n", {1, "two"}, 17).mid(1));
        QVERIFY(p.ok());
        QCOMPARE(p->eventName(), QStringLiteral("n"));
        QCOMPARE(p->eventArgs(), (QJsonArray{1, "two"}));
        QCOMPARE(p->ackId, 17);
    }

    void routing()
    {
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::TaskCompleted, "7"))),
                 QStringLiteral("/tasks=project_7|project_* /admin=*"));
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::TaskDeadLettered, "7", "ann"))),
                 QStringLiteral("/tasks=project_7|project_*|user_ann /admin=*"));
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::ProgressUpdate, "7"))),
                 QStringLiteral("/tasks=project_7|project_* /profiling=project_7|project_* /admin=*"));
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::WorkflowFailed))),
                 QStringLiteral("/tasks=project_* /profiling=project_* /admin=*"));
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::JobMissed, "j"))), QStringLiteral("/tasks=project_j|project_* /admin=*"));
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::BreakerStateChanged))), QStringLiteral("/admin=*"));
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::DlqAlert, "7"))), QStringLiteral("/tasks=project_7|project_* /admin=*"));
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::DlqAlert, QString(), "ann"))), QStringLiteral("/tasks=user_ann /admin=*"));
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::Gap))), QStringLiteral("/tasks=* /profiling=* /admin=*"));
        QCOMPARE(describe(EventRouting::targets(*ev(EventType::Heartbeat))), QString());
        for (EventType t : allEventTypes())
            for (const RouteTarget &r : EventRouting::targets(*ev(t, "p")))
                QVERIFY(EventRouting::namespaces().contains(r.nsp));
    }

    void roomsAndSubscriptions()
    {
        RoomRegistry rooms;
        SubscriptionHandler handler(&rooms, 3);
        NamespaceSocket scoped{QStringLiteral("s1"), QStringLiteral("/tasks"), nullptr,
                               Principal{"t", "pat", Role::Viewer, {"p1", "42"}}, {}, 0, 0, {}};
        NamespaceSocket open{QStringLiteral("s2"), QStringLiteral("/tasks"), nullptr, Principal{"t2", "val", Role::Viewer, {}}, {}, 0, 0, {}};
        NamespaceSocket admin{QStringLiteral("s3"), QStringLiteral("/admin"), nullptr, Principal{"t3", "ada", Role::Admin, {}}, {}, 0, 0, {}};
        rooms.addSocket(&scoped);
        rooms.addSocket(&open);
        rooms.addSocket(&admin);
        QCOMPARE(rooms.socketCount("/tasks"), 2);

        auto sub = [&](NamespaceSocket &s, const QJsonValue &id) {
            return handler.handle(s, "subscribe_to_project", {QJsonObject{{"project_id", id}}});
        };
        QCOMPARE(sub(scoped, "p1").ack.value("ok").toBool(), true);
        QCOMPARE(sub(scoped, 42).ack.value("room").toString(), QStringLiteral("project_42"));
        SubscriptionHandler::Outcome no = sub(scoped, "p3");
        QCOMPARE(no.ack.value("error").toObject().value("code").toString(), QStringLiteral("forbidden"));
        QCOMPARE(no.event, QStringLiteral("subscription_error"));
        QCOMPARE(sub(scoped, "*").ack.value("error").toObject().value("code").toString(), QStringLiteral("forbidden"));
        QCOMPARE(sub(open, "*").ack.value("room").toString(), QStringLiteral("project_*"));
        QCOMPARE(sub(open, 1.5).ack.value("error").toObject().value("code").toString(), QStringLiteral("invalid"));
        QCOMPARE(sub(open, "").ack.value("error").toObject().value("code").toString(), QStringLiteral("invalid"));
        QCOMPARE(sub(admin, "p1").ack.value("error").toObject().value("code").toString(), QStringLiteral("not_applicable"));
        QCOMPARE(sub(open, "a").ack.value("ok").toBool(), true);
        QCOMPARE(sub(open, "b").ack.value("ok").toBool(), true);
        QCOMPARE(sub(open, "c").ack.value("error").toObject().value("code").toString(), QStringLiteral("too_many_rooms"));
        QCOMPARE(sub(open, "a").ack.value("ok").toBool(), true); // already in: not a new room

        QCOMPARE(rooms.members("/tasks", "project_p1")->size(), 1);
        QCOMPARE(rooms.members("/admin", "project_p1"), nullptr); // rooms are per namespace
        const auto un = handler.handle(scoped, "unsubscribe_from_project", {QJsonObject{{"project_id", "p1"}}});
        QCOMPARE(un.ack.value("wasSubscribed").toBool(), true);
        QCOMPARE(rooms.members("/tasks", "project_p1"), nullptr); // empty rooms disappear
        QCOMPARE(handler.handle(scoped, "get_subscriptions", {}).ack.value("rooms").toArray(), (QJsonArray{"project_42"}));

        rooms.removeSocket(&open);
        QCOMPARE(rooms.socketCount("/tasks"), 1);
        QVERIFY(open.rooms.isEmpty());
        QCOMPARE(rooms.members("/tasks", "project_*"), nullptr);
        QCOMPARE(rooms.rooms().size(), 1);
    }

    void latencyPercentiles()
    {
        LatencyHistogram h;
        QCOMPARE(h.percentileUs(0.5), 0);
        for (int i = 1; i <= 1000; ++i)
            h.record(i * 10); // 10 us .. 10 ms
        QCOMPARE(h.count(), quint64(1000));
        QCOMPARE(h.maxUs(), 10000);
        auto near = [](qint64 got, qint64 want) { return got >= want && got <= want * 107 / 100; }; // bucket width
        QVERIFY2(near(h.percentileUs(0.50), 5000), qPrintable(QString::number(h.percentileUs(0.5))));
        QVERIFY2(near(h.percentileUs(0.95), 9500), qPrintable(QString::number(h.percentileUs(0.95))));
        QVERIFY2(near(h.percentileUs(0.99), 9900), qPrintable(QString::number(h.percentileUs(0.99))));
        QCOMPARE(h.percentileUs(1.0), 10000);
        LatencyHistogram small;
        for (int i = 0; i < 16; ++i)
            small.record(i);
        QCOMPARE(small.percentileUs(0.5), 7); // exact below 16 us
        h.merge(small);
        QCOMPARE(h.count(), quint64(1016));
        h.record(qint64(1) << 45); // absurdly large: clamped into the last bucket, max kept
        QCOMPARE(h.maxUs(), qint64(1) << 45);
    }

    void tokenBucket()
    {
        TokenBucket b(2.0, 3, 1000);
        QVERIFY(b.tryTake(1000));
        QVERIFY(b.tryTake(1000));
        QVERIFY(b.tryTake(1000));
        QVERIFY(!b.tryTake(1000));
        QVERIFY(!b.tryTake(1400));
        QVERIFY(b.tryTake(1500)); // 2 per second: one more after 500 ms
        QVERIFY(!b.tryTake(1500));
        QVERIFY(b.tryTake(100000));
        QVERIFY(b.tokens() <= 3.0); // never more than the burst
    }

    void progressEta()
    {
        ProgressEstimator p(2);
        QJsonObject o = p.enrich({{"taskId", "t1"}}, 1000);
        QVERIFY(!o.contains("percent")); // nothing reported: nothing invented
        o = p.enrich({{"taskId", "t1"}, {"percent", 20}}, 10000);
        QCOMPARE(o.value("percent").toDouble(), 20.0);
        QVERIFY(!o.contains("etaSeconds")); // one sample is not a rate
        o = p.enrich({{"taskId", "t1"}, {"outputData", QJsonObject{{"progress", 60}}}}, 30000);
        QCOMPARE(o.value("percent").toDouble(), 60.0);
        QCOMPARE(o.value("etaSeconds").toDouble(), 20.0); // 40 % in 20 s -> 40 % left in 20 s
        o = p.enrich({{"taskId", "t2"}, {"percent", 25}, {"startTime", 0.0 + 1000}}, 11000);
        QCOMPARE(o.value("etaSeconds").toDouble(), 30.0); // 25 % in 10 s since start
        o = p.enrich({{"taskId", "t3"}, {"percent", 50}, {"etaSeconds", 7}}, 11000);
        QCOMPARE(o.value("etaSeconds").toDouble(), 7.0); // the worker's own estimate wins
        o = p.enrich({{"taskId", "t4"}, {"percent", 140}}, 11000);
        QCOMPARE(o.value("percent").toDouble(), 100.0);
        QCOMPARE(o.value("etaSeconds").toDouble(), 0.0);
        p.forget("t1");
        o = p.enrich({{"taskId", "t1"}, {"percent", 70}}, 40000);
        QVERIFY(!o.contains("etaSeconds")); // forgotten: a fresh first sample
    }

    void configuration()
    {
        auto c = RealtimeConfig::fromEnvironment({});
        QVERIFY(c.ok());
        QVERIFY(!c->redisEnabled);
        QCOMPARE(c->hub.pingIntervalMs, 25000);
        QCOMPARE(c->hub.maxPayloadBytes, 65536);
        c = RealtimeConfig::fromEnvironment({{"ORRERY_REDIS_URL", "redis://127.0.0.1:7000/1"},
                                             {"ORRERY_REDIS_CHANNEL", "x:y"},
                                             {"ORRERY_WS_MAX_CONNECTIONS", "5"},
                                             {"ORRERY_WS_HEARTBEAT_MS", "1000"}});
        QVERIFY(c.ok());
        QVERIFY(c->redisEnabled);
        QCOMPARE(c->redis.endpoint.port, quint16(7000));
        QCOMPARE(c->redis.endpoint.db, 1);
        QCOMPARE(c->redis.channel, QStringLiteral("x:y"));
        QCOMPARE(c->hub.maxConnections, 5);
        QCOMPARE(c->hub.heartbeatIntervalMs, 1000);
        c = RealtimeConfig::fromEnvironment({{"ORRERY_WS_PING_INTERVAL_MS", "soon"}});
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.contains("ORRERY_WS_PING_INTERVAL_MS"));
        c = RealtimeConfig::fromEnvironment({{"ORRERY_REDIS_URL", "http://:pw@x"}});
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.contains("ORRERY_REDIS_URL"));
        QVERIFY(!c.error().message.contains("pw"));
    }
};

QTEST_GUILESS_MAIN(TestRealtimeUnits)
#include "test_realtime_units.moc"
