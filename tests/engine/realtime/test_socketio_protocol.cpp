// The hub's wire behaviour, frame by frame, against shared/specs/socketio.md.
#include "RawSocketIo.h"
#include "RealtimeFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

QJsonValue jsonAfter(const QString &frame, const QString &prefix)
{
    const QByteArray json = frame.mid(prefix.size()).toUtf8();
    const QJsonDocument d = QJsonDocument::fromJson(json);
    return d.isObject() ? QJsonValue(d.object()) : QJsonValue(d.array());
}

HubSettings fastSettings()
{
    HubSettings s;
    s.pingIntervalMs = 300;
    s.pingTimeoutMs = 600;
    s.heartbeatIntervalMs = 3600000;
    return s;
}

} // namespace

class TestSocketIoProtocol : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RealtimeFixture> m_hub;

    void startHub(HubSettings settings = fastSettings())
    {
        m_hub = std::make_unique<RealtimeFixture>(settings);
        QString error;
        QVERIFY2(m_hub->start(&error), qPrintable(error));
    }
    // A session joined to `nsp` with `token`; returns the CONNECT reply.
    QString join(RawSocketIo &c, const QString &nsp, const QString &token)
    {
        if (c.open(QUrl(m_hub->wsUrl())).isEmpty())
            return {};
        c.send(QStringLiteral("40%1,{\"token\":\"%2\"}").arg(nsp, token));
        return c.next();
    }

private slots:
    void cleanup() { m_hub.reset(); }

    void openPacketHasTheFiveKeys()
    {
        startHub();
        RawSocketIo c;
        const QString open = c.open(QUrl(m_hub->wsUrl(QStringLiteral("transport=websocket&EIO=4&t=1795696149.18"))));
        QVERIFY2(open.startsWith(QLatin1String("0{")), qPrintable(open));
        const QJsonObject o = jsonAfter(open, QStringLiteral("0")).toObject();
        QCOMPARE(o.keys(), (QStringList{"maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"}));
        QCOMPARE(o.value(QLatin1String("upgrades")).toArray().size(), 0);
        QCOMPARE(o.value(QLatin1String("pingInterval")).toInt(), 300);
        QCOMPARE(o.value(QLatin1String("pingTimeout")).toInt(), 600);
        QCOMPARE(o.value(QLatin1String("maxPayload")).toInt(), 64 * 1024);
        QCOMPARE(o.value(QLatin1String("sid")).toString().size(), 20);
    }

    void serverPingsAndClosesWithoutPong()
    {
        startHub();
        RawSocketIo c;
        c.setAutoPong(false);
        c.open(QUrl(m_hub->wsUrl()));
        c.send(QStringLiteral("40/tasks,{\"token\":\"viewer-all\"}"));
        QVERIFY(c.next().startsWith(QLatin1String("40/tasks,{\"sid\":")));
        QCOMPARE(c.next(3000), QStringLiteral("2"));
        c.send(QStringLiteral("3"));
        QCOMPARE(c.next(3000), QStringLiteral("2")); // the next one comes after the pong
        QVERIFY2(c.waitClosed(5000), "no pong: the server closes the session");
        QCOMPARE(m_hub->stats().value(QLatin1String("sessions")).toObject().value(QLatin1String("closedPingTimeout")).toInt(), 1);
    }

    void clientsThatAnswerPingsStay()
    {
        startHub();
        RawSocketIo c; // answers pings
        QVERIFY(join(c, QStringLiteral("/tasks"), QStringLiteral("viewer-all")).startsWith(QLatin1String("40/tasks,")));
        c.drain(1500); // five ping intervals
        QVERIFY(!c.isClosed());
        QVERIFY2(c.pingsSeen() >= 3, qPrintable(QString::number(c.pingsSeen())));
    }

    void connectAndAuthentication()
    {
        startHub();
        RawSocketIo c;
        const QString open = c.open(QUrl(m_hub->wsUrl()));
        const QString engineSid = jsonAfter(open, QStringLiteral("0")).toObject().value(QLatin1String("sid")).toString();

        c.send(QStringLiteral("40/tasks,"));
        QString r = c.next();
        QVERIFY2(r.startsWith(QLatin1String("44/tasks,{")), qPrintable(r));
        QJsonObject err = jsonAfter(r, QStringLiteral("44/tasks,")).toObject();
        QVERIFY(err.value(QLatin1String("message")).toString().contains(QLatin1String("auth")));
        QCOMPARE(err.value(QLatin1String("data")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));

        c.send(QStringLiteral("40/tasks,{\"token\":\"wrong\"}"));
        err = jsonAfter(c.next(), QStringLiteral("44/tasks,")).toObject();
        QCOMPARE(err.value(QLatin1String("data")).toObject().value(QLatin1String("reason")).toString(), QStringLiteral("invalid token"));

        c.send(QStringLiteral("40/admin,{\"token\":\"viewer-all\"}"));
        err = jsonAfter(c.next(), QStringLiteral("44/admin,")).toObject();
        QVERIFY(err.value(QLatin1String("message")).toString().contains(QLatin1String("needs role admin")));

        c.send(QStringLiteral("40/nope,"));
        QCOMPARE(c.next(), QStringLiteral("44/nope,{\"message\":\"Invalid namespace\"}"));
        c.send(QStringLiteral("40"));
        QCOMPARE(c.next(), QStringLiteral("44{\"message\":\"Invalid namespace\"}"));
        c.send(QStringLiteral("40/tasks{\"token\":\"viewer-all\"}")); // no comma: a namespace of that name
        QCOMPARE(c.next(), QStringLiteral("44/tasks{\"token\":\"viewer-all\"},{\"message\":\"Invalid namespace\"}"));

        // After refusals the session stays open and can join.
        c.send(QStringLiteral("40/tasks,{\"token\":\"Bearer viewer-all\"}"));
        r = c.next();
        QVERIFY2(r.startsWith(QLatin1String("40/tasks,{\"sid\":\"")), qPrintable(r));
        const QString socketId = jsonAfter(r, QStringLiteral("40/tasks,")).toObject().value(QLatin1String("sid")).toString();
        QCOMPARE(socketId.size(), 20);
        QVERIFY(socketId != engineSid);
        c.send(QStringLiteral("40/admin,{\"token\":\"admin-token\",\"pid\":\"x\",\"offset\":\"y\"}")); // recovery keys ignored
        QVERIFY(c.next().startsWith(QLatin1String("40/admin,{\"sid\":")));
        c.send(QStringLiteral("41/admin,"));
        c.send(QStringLiteral("42/tasks,5[\"get_subscriptions\"]"));
        r = c.next();
        QCOMPARE(r, QStringLiteral("43/tasks,5[{\"ok\":true,\"rooms\":[\"user_val\"]}]"));
        QVERIFY(!c.isClosed());
        QCOMPARE(m_hub->stats().value(QLatin1String("sessions")).toObject().value(QLatin1String("authFailures")).toInt(), 3);
    }

    void subscribeAnswersWithAckAndEvent()
    {
        startHub();
        RawSocketIo c;
        QVERIFY(join(c, QStringLiteral("/tasks"), QStringLiteral("viewer-p1")).startsWith(QLatin1String("40/tasks,")));
        c.send(QStringLiteral("42/tasks,0[\"subscribe_to_project\",{\"project_id\":\"p1\"}]"));
        QCOMPARE(c.next(), QStringLiteral("43/tasks,0[{\"ok\":true,\"room\":\"project_p1\"}]"));
        QCOMPARE(c.next(), QStringLiteral("42/tasks,[\"subscribed\",{\"project_id\":\"p1\",\"room\":\"project_p1\"}]"));
        c.send(QStringLiteral("42/tasks,1[\"subscribe_to_project\",{\"project_id\":42}]")); // integers too
        QCOMPARE(c.next(), QStringLiteral("43/tasks,1[{\"ok\":true,\"room\":\"project_42\"}]"));
        c.next();
        // Outside the token's scopes: refused, in the ack and as an event.
        c.send(QStringLiteral("42/tasks,2[\"subscribe_to_project\",{\"project_id\":\"p2\"}]"));
        QString r = c.next();
        QVERIFY2(r.startsWith(QLatin1String("43/tasks,2[{")), qPrintable(r));
        QJsonObject ack = jsonAfter(r, QStringLiteral("43/tasks,2")).toArray().at(0).toObject();
        QCOMPARE(ack.value(QLatin1String("ok")).toBool(), false);
        QCOMPARE(ack.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("forbidden"));
        QVERIFY(ack.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QLatin1String("p2")));
        r = c.next();
        QVERIFY2(r.startsWith(QLatin1String("42/tasks,[\"subscription_error\",")), qPrintable(r));
        // Every project needs an unrestricted token.
        c.send(QStringLiteral("42/tasks,3[\"subscribe_to_project\",{\"project_id\":\"*\"}]"));
        QVERIFY(c.next().contains(QLatin1String("\"forbidden\"")));
        c.next();
        c.send(QStringLiteral("42/tasks,4[\"subscribe_to_project\",{}]"));
        QVERIFY(c.next().contains(QLatin1String("\"invalid\"")));
        c.next();
        // Without an ack id: no ACK, only the event.
        c.send(QStringLiteral("42/tasks,[\"unsubscribe_from_project\",{\"project_id\":\"p1\"}]"));
        QCOMPARE(c.next(), QStringLiteral("42/tasks,[\"unsubscribed\",{\"project_id\":\"p1\",\"room\":\"project_p1\"}]"));
        // Unknown events: an error ack when one is asked for, silence otherwise.
        c.send(QStringLiteral("42/tasks,[\"what\"]"));
        c.send(QStringLiteral("42/tasks,77[\"what\",1]"));
        r = c.next();
        QVERIFY2(r.startsWith(QLatin1String("43/tasks,77[{\"error\":{\"code\":\"unknown_event\"")), qPrintable(r));
        c.send(QStringLiteral("42/tasks,9[\"get_subscriptions\"]"));
        QCOMPARE(c.next(), QStringLiteral("43/tasks,9[{\"ok\":true,\"rooms\":[\"project_42\",\"user_pat\"]}]"));
    }

    void protocolViolationsCloseTheSession_data()
    {
        QTest::addColumn<bool>("joinFirst");
        QTest::addColumn<QString>("frame");
        QTest::newRow("event before CONNECT") << false << QStringLiteral("42[\"echo\",\"x\"]");
        QTest::newRow("auth not an object") << false << QStringLiteral("40/tasks,[\"secret\"]");
        QTest::newRow("namespace not joined") << true << QStringLiteral("42/admin,[\"x\"]");
        QTest::newRow("unknown Socket.IO type") << true << QStringLiteral("49");
        QTest::newRow("event payload not an array") << true << QStringLiteral("42/tasks,{\"a\":1}");
        QTest::newRow("reserved event name") << true << QStringLiteral("42/tasks,[\"disconnect\"]");
        QTest::newRow("client ping") << true << QStringLiteral("2");
        QTest::newRow("unknown Engine.IO type") << true << QStringLiteral("9");
        QTest::newRow("duplicate CONNECT") << true << QStringLiteral("40/tasks,{\"token\":\"viewer-all\"}");
        QTest::newRow("binary event") << true << QStringLiteral("451-0[\"echo\",{\"_placeholder\":true,\"num\":0}]");
        QTest::newRow("DISCONNECT with payload") << true << QStringLiteral("41/tasks,{\"reason\":\"x\"}");
        QTest::newRow("CONNECT_ERROR from a client") << true << QStringLiteral("44/tasks,{\"message\":\"x\"}");
    }
    void protocolViolationsCloseTheSession()
    {
        QFETCH(bool, joinFirst);
        QFETCH(QString, frame);
        startHub();
        RawSocketIo c;
        if (joinFirst)
            QVERIFY(join(c, QStringLiteral("/tasks"), QStringLiteral("viewer-all")).startsWith(QLatin1String("40/tasks,")));
        else
            c.open(QUrl(m_hub->wsUrl()));
        c.send(frame);
        QVERIFY2(c.waitClosed(3000), qPrintable(frame));
        QCOMPARE(c.closeCode(), int(QWebSocketProtocol::CloseCodeProtocolError));
    }

    void binaryFramesCloseTheSession()
    {
        startHub();
        RawSocketIo c;
        QVERIFY(join(c, QStringLiteral("/tasks"), QStringLiteral("viewer-all")).startsWith(QLatin1String("40/tasks,")));
        c.sendBinary(QByteArray("\x01\x02\x03", 3));
        QVERIFY(c.waitClosed(3000));
    }

    void engineIoCloseIsIgnored()
    {
        startHub();
        RawSocketIo c;
        QVERIFY(join(c, QStringLiteral("/tasks"), QStringLiteral("viewer-all")).startsWith(QLatin1String("40/tasks,")));
        c.send(QStringLiteral("1"));
        c.send(QStringLiteral("42/tasks,1[\"get_subscriptions\"]"));
        QVERIFY(c.next().startsWith(QLatin1String("43/tasks,1")));
    }

    void oversizedMessagesClose1009()
    {
        startHub();
        RawSocketIo c;
        QVERIFY(join(c, QStringLiteral("/tasks"), QStringLiteral("viewer-all")).startsWith(QLatin1String("40/tasks,")));
        c.send(QStringLiteral("42/tasks,[\"big\",\"%1\"]").arg(QString(70 * 1024, QLatin1Char('x'))));
        QVERIFY(c.waitClosed(5000));
        QCOMPARE(c.closeCode(), int(QWebSocketProtocol::CloseCodeTooMuchData));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_hub->stats().value(QLatin1String("sessions")).toObject().value(QLatin1String("closedOversized")).toInt(), 1, 5000);
        // Just under the limit is fine.
        RawSocketIo d;
        QVERIFY(join(d, QStringLiteral("/tasks"), QStringLiteral("viewer-all")).startsWith(QLatin1String("40/tasks,")));
        d.send(QStringLiteral("42/tasks,3[\"big\",\"%1\"]").arg(QString(60 * 1024, QLatin1Char('x'))));
        QVERIFY(d.next().startsWith(QLatin1String("43/tasks,3[{\"error\"")));
    }

    void inboundRateIsLimited()
    {
        HubSettings s = fastSettings();
        s.inboundRatePerSecond = 1;
        s.inboundBurst = 5;
        s.floodCloseAfter = 20;
        startHub(s);
        RawSocketIo c;
        QVERIFY(join(c, QStringLiteral("/tasks"), QStringLiteral("viewer-all")).startsWith(QLatin1String("40/tasks,")));
        for (int i = 0; i < 10; ++i)
            c.send(QStringLiteral("42/tasks,%1[\"get_subscriptions\"]").arg(i));
        int ok = 0, limited = 0;
        for (int i = 0; i < 10; ++i) {
            const QString r = c.nextStartingWith(QStringLiteral("43/tasks,"));
            ok += r.contains(QLatin1String("\"ok\":true")) ? 1 : 0;
            limited += r.contains(QLatin1String("rate_limited")) ? 1 : 0;
        }
        QVERIFY2(ok >= 4 && ok <= 6, qPrintable(QString::number(ok))); // the burst (the CONNECT took one)
        QCOMPARE(ok + limited, 10);
        for (int i = 0; i < 30; ++i)
            c.send(QStringLiteral("42/tasks,[\"get_subscriptions\"]"));
        QVERIFY2(c.waitClosed(5000), "a client that keeps flooding is closed");
        QCOMPARE(c.closeCode(), int(QWebSocketProtocol::CloseCodePolicyViolated));
    }

    void connectionLimit()
    {
        HubSettings s = fastSettings();
        s.maxConnections = 2;
        startHub(s);
        RawSocketIo a, b, c;
        QVERIFY(!a.open(QUrl(m_hub->wsUrl())).isEmpty());
        QVERIFY(!b.open(QUrl(m_hub->wsUrl())).isEmpty());
        QVERIFY(c.open(QUrl(m_hub->wsUrl()), 2000).isEmpty());
        QVERIFY(c.waitClosed(3000));
        QCOMPARE(c.closeCode(), int(QWebSocketProtocol::CloseCodePolicyViolated));
        QCOMPARE(c.closeReason(), QStringLiteral("server at its connection limit"));
        QCOMPARE(m_hub->stats().value(QLatin1String("sessions")).toObject().value(QLatin1String("refusedAtLimit")).toInt(), 1);
    }

    void sessionsThatJoinNothingAreClosed()
    {
        HubSettings s = fastSettings();
        s.connectTimeoutMs = 300;
        startHub(s);
        RawSocketIo c;
        c.open(QUrl(m_hub->wsUrl()));
        c.send(QStringLiteral("40/tasks,")); // refused: does not count as joined
        QVERIFY(c.waitClosed(5000));
        QCOMPARE(c.closeCode(), int(QWebSocketProtocol::CloseCodePolicyViolated));
    }

    void badHandshakesAreRefused_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("reason");
        QTest::newRow("polling") << QStringLiteral("EIO=4&transport=polling") << QStringLiteral("Transport unknown");
        QTest::newRow("sid") << QStringLiteral("EIO=4&transport=websocket&sid=abc") << QStringLiteral("Session ID unknown");
        QTest::newRow("EIO 3") << QStringLiteral("EIO=3&transport=websocket") << QStringLiteral("Unsupported protocol version");
        QTest::newRow("no EIO") << QStringLiteral("transport=websocket") << QStringLiteral("Unsupported protocol version");
    }
    void badHandshakesAreRefused()
    {
        QFETCH(QString, query);
        QFETCH(QString, reason);
        startHub();
        RawSocketIo c;
        QVERIFY(c.open(QUrl(m_hub->wsUrl(query)), 2000).isEmpty());
        QVERIFY(c.waitClosed(3000));
        QCOMPARE(c.closeCode(), int(QWebSocketProtocol::CloseCodeProtocolError));
        QVERIFY2(c.closeReason().startsWith(reason), qPrintable(c.closeReason()));
    }

    void httpPollingAndOtherUpgrades()
    {
        startHub();
        const auto polling = m_hub->get(QStringLiteral("/socket.io/?EIO=4&transport=polling"));
        QCOMPARE(polling.status, 400);
        QCOMPARE(polling.body, QByteArray("{\"code\":0,\"message\":\"Transport unknown\"}"));
        // An upgrade on another path is not a WebSocket endpoint.
        RawSocketIo c;
        c.socket().open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/version").arg(m_hub->port())));
        QVERIFY(c.waitClosed(3000));
        QVERIFY(c.socket().state() != QAbstractSocket::ConnectedState);
    }

    void heartbeatEventsAreAckedBothWays()
    {
        HubSettings s = fastSettings();
        s.heartbeatIntervalMs = 200;
        startHub(s);
        RawSocketIo c;
        QVERIFY(join(c, QStringLiteral("/profiling"), QStringLiteral("viewer-all")).startsWith(QLatin1String("40/profiling,")));
        const QString hb = c.nextStartingWith(QStringLiteral("42/profiling,"), 3000);
        QVERIFY2(hb.contains(QLatin1String("[\"heartbeat\",{")), qPrintable(hb));
        // 42/profiling,<id>["heartbeat",{...}] : the server asks for an ack.
        const QString rest = hb.mid(QStringLiteral("42/profiling,").size());
        const QString id = rest.left(rest.indexOf(QLatin1Char('[')));
        QVERIFY2(!id.isEmpty(), qPrintable(hb));
        const QJsonObject payload = jsonAfter(rest.mid(id.size()), QString()).toArray().at(1).toObject();
        QCOMPARE(payload.value(QLatin1String("instance")).toString(), QStringLiteral("rt-test"));
        QVERIFY(payload.value(QLatin1String("time")).toDouble() > 0);
        c.send(QStringLiteral("43/profiling,%1[{\"ok\":true}]").arg(id));
        c.send(QStringLiteral("43/profiling,999[]")); // unknown ids are ignored
        QTRY_VERIFY_WITH_TIMEOUT(m_hub->stats().value(QLatin1String("heartbeatAckRttMs")).toObject().value(QLatin1String("samples")).toInt() >= 1, 5000);
        QVERIFY(!c.isClosed());
    }
};

QTEST_GUILESS_MAIN(TestSocketIoProtocol)
#include "test_socketio_protocol.moc"
