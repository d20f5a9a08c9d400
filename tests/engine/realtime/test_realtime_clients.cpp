// The hub with the real client libraries, unmodified: socket.io-client 4.x (node) and
// python-socketio 5.x (Debian), both with transports: ['websocket'].
#include "ClientAgent.h"
#include "RealtimeFixture.h"

#include <QJsonArray>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

Q_DECLARE_METATYPE(orrery::test::ClientAgent::Kind)

namespace {

QStringList eventNames(const QList<QJsonObject> &lines)
{
    QStringList names;
    for (const QJsonObject &o : lines)
        if (o.value(QLatin1String("type")) == QLatin1String("event") && o.value(QLatin1String("event")) != QLatin1String("heartbeat"))
            names.append(o.value(QLatin1String("event")).toString() + QLatin1Char(':')
                         + o.value(QLatin1String("args")).toArray().at(0).toObject().value(QLatin1String("projectId")).toString());
    names.sort();
    return names;
}

} // namespace

class TestRealtimeClients : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RealtimeFixture> m_hub;
    std::unique_ptr<ClientAgent> m_agent;

    void setUpKind()
    {
        QFETCH(ClientAgent::Kind, kind);
        HubSettings s;
        s.pingIntervalMs = 500;
        s.pingTimeoutMs = 2000;
        s.heartbeatIntervalMs = 700;
        m_hub = std::make_unique<RealtimeFixture>(s);
        QString error;
        QVERIFY2(m_hub->start(&error), qPrintable(error));
        m_agent = std::make_unique<ClientAgent>(kind);
        QVERIFY2(m_agent->start(&error), qPrintable(error));
        qInfo().noquote() << ClientAgent::name(kind) << "client library version" << m_agent->version();
    }
    void addKinds()
    {
        QTest::addColumn<ClientAgent::Kind>("kind");
        QTest::newRow("socket.io-client") << ClientAgent::Kind::Node;
        QTest::newRow("python-socketio") << ClientAgent::Kind::Python;
    }

private slots:
    void cleanup()
    {
        m_agent.reset();
        m_hub.reset();
    }

    void authentication_data() { addKinds(); }
    void authentication()
    {
        setUpKind();
        const QString url = m_hub->httpUrl();
        m_agent->connectTo("none", url, "/tasks", QJsonValue());
        m_agent->connectTo("bad", url, "/tasks", "not-a-token");
        m_agent->connectTo("viewer-admin", url, "/admin", "viewer-all");
        m_agent->connectTo("admin", url, "/admin", "admin-token");
        m_agent->connectTo("nope", url, "/nope", "admin-token");

        QJsonObject e = m_agent->waitFor("none", "connect_error");
        QVERIFY2(e.value("message").toString().startsWith(QLatin1String("Authentication required")), qPrintable(e.value("message").toString()));
        QCOMPARE(e.value("data").toObject().value("code").toString(), QStringLiteral("unauthorized"));
        e = m_agent->waitFor("bad", "connect_error");
        QCOMPARE(e.value("data").toObject().value("reason").toString(), QStringLiteral("invalid token"));
        e = m_agent->waitFor("viewer-admin", "connect_error");
        QCOMPARE(e.value("data").toObject().value("code").toString(), QStringLiteral("forbidden"));
        QVERIFY(e.value("message").toString().contains(QLatin1String("needs role admin")));
        QVERIFY2(!m_agent->waitFor("admin", "connect").isEmpty(), m_agent->stderrText().constData());
        QCOMPARE(m_agent->waitFor("nope", "connect_error").value("message").toString(), QStringLiteral("Invalid namespace"));
    }

    void roomsEventsAndAcks_data() { addKinds(); }
    void roomsEventsAndAcks()
    {
        setUpKind();
        const QString url = m_hub->httpUrl();
        m_agent->connectTo("p", url, "/tasks", "viewer-p1");
        m_agent->connectTo("adm", url, "/admin", "admin-token");
        QVERIFY(!m_agent->waitFor("p", "connect").isEmpty());
        QVERIFY(!m_agent->waitFor("adm", "connect").isEmpty());

        m_agent->emitEvent("p", "subscribe_to_project", {QJsonObject{{"project_id", "p1"}}}, "s1");
        QJsonObject ack = m_agent->waitForAck("p", "s1");
        QVERIFY(ack.value("error").isNull());
        QCOMPARE(ack.value("args").toArray().at(0).toObject(), (QJsonObject{{"ok", true}, {"room", "project_p1"}}));
        QCOMPARE(m_agent->waitForEvent("p", "subscribed").value("args").toArray().at(0).toObject().value("room").toString(),
                 QStringLiteral("project_p1"));

        m_agent->emitEvent("p", "subscribe_to_project", {QJsonObject{{"project_id", "p2"}}}, "s2");
        ack = m_agent->waitForAck("p", "s2");
        const QJsonObject refusal = ack.value("args").toArray().at(0).toObject();
        QCOMPARE(refusal.value("ok").toBool(), false);
        QCOMPARE(refusal.value("error").toObject().value("code").toString(), QStringLiteral("forbidden"));
        QVERIFY(!m_agent->waitForEvent("p", "subscription_error").isEmpty());

        m_hub->publish(EventType::TaskCompleted, "p1", {{"taskId", "t1"}});
        m_hub->publish(EventType::TaskCompleted, "p2", {{"taskId", "t2"}});
        m_hub->publish(EventType::WorkflowStarted, "p1", {{"workflowId", "w1"}});
        QCOMPARE(eventNames(m_agent->collect("p", 1000)), (QStringList{"task_completed:p1", "workflow_started:p1"}));
        QCOMPARE(eventNames(m_agent->collect("adm", 10)),
                 (QStringList{"task_completed:p1", "task_completed:p2", "workflow_started:p1"}));

        m_agent->emitEvent("p", "unsubscribe_from_project", {QJsonObject{{"project_id", "p1"}}}, "u1");
        QCOMPARE(m_agent->waitForAck("p", "u1").value("args").toArray().at(0).toObject().value("ok").toBool(), true);
        m_hub->publish(EventType::TaskCompleted, "p1", {{"taskId", "t3"}});
        QCOMPARE(eventNames(m_agent->collect("p", 700)), QStringList{"unsubscribed:"});
    }

    void heartbeatsAndPingsKeepClientsConnected_data() { addKinds(); }
    void heartbeatsAndPingsKeepClientsConnected()
    {
        setUpKind();
        m_agent->connectTo("h", m_hub->httpUrl(), "/profiling", "viewer-all");
        QVERIFY(!m_agent->waitFor("h", "connect").isEmpty());
        const QJsonObject hb = m_agent->waitForEvent("h", "heartbeat", 5000);
        QVERIFY(!hb.isEmpty());
        QCOMPARE(hb.value("args").toArray().at(0).toObject().value("instance").toString(), QStringLiteral("rt-test"));
        // The client answered the heartbeat's ack: the server measured the round trip.
        QTRY_VERIFY_WITH_TIMEOUT(m_hub->stats().value("heartbeatAckRttMs").toObject().value("samples").toInt() >= 1, 5000);
        // Five Engine.IO ping intervals later the client is still connected.
        const QList<QJsonObject> lines = m_agent->collect("h", 2500);
        for (const QJsonObject &o : lines)
            QVERIFY2(o.value("type") != QLatin1String("disconnect"), "a client that answers pings stays connected");
        QVERIFY(m_hub->stats().value("messages").toObject().value("in").toInt() >= 4); // CONNECT, pongs, acks
    }

    void oversizedMessagesDropTheTransport_data() { addKinds(); }
    void oversizedMessagesDropTheTransport()
    {
        setUpKind();
        m_agent->connectTo("big", m_hub->httpUrl(), "/tasks", "viewer-all");
        QVERIFY(!m_agent->waitFor("big", "connect").isEmpty());
        m_agent->send(QJsonObject{{"op", "emitBig"}, {"id", "big"}, {"bytes", 70000}});
        const QJsonObject d = m_agent->waitFor("big", "disconnect");
        QVERIFY(!d.isEmpty());
        if (QTest::currentDataTag() == QLatin1String("socket.io-client"))
            QCOMPARE(d.value("reason").toString(), QStringLiteral("transport close"));
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->stats().value("sessions").toObject().value("closedOversized").toInt(), 1, 5000);
        // Not a deliberate kick: the client reconnects by itself.
        QVERIFY2(!m_agent->waitFor("big", "connect", 10000).isEmpty(), "the client reconnects after a transport close");
    }
};

QTEST_GUILESS_MAIN(TestRealtimeClients)
#include "test_realtime_clients.moc"
