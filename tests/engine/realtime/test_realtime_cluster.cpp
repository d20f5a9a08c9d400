// Two orreryd processes sharing a real redis-server (no sticky sessions): an event raised on
// one reaches a socket.io-client connected to the other exactly once; Redis stopped and
// restarted mid-test: local delivery goes on, clients get a gap, fan-out resumes.
#include "ClientAgent.h"
#include "OrrerydProcess.h"
#include "RedisProcess.h"

#include "support/FreePort.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery::test;

namespace {

const QString kProject = QStringLiteral("proj-x");

QJsonObject workflowDef()
{
    return QJsonObject{{"name", "rt_flow"},
                       {"version", 1},
                       {"schemaVersion", 2},
                       {"tasks", QJsonArray{QJsonObject{{"name", "shell"},
                                                        {"taskReferenceName", "step"},
                                                        {"inputParameters", QJsonObject{{"argv", QJsonArray{"true"}}}}}}}};
}

int countFor(const QList<QJsonObject> &lines, const QString &event, const QString &workflowId)
{
    int n = 0;
    for (const QJsonObject &o : lines) {
        if (o.value("type") != QLatin1String("event") || o.value("event") != event)
            continue;
        if (o.value("args").toArray().at(0).toObject().value("workflowId").toString() == workflowId)
            ++n;
    }
    return n;
}

} // namespace

class TestRealtimeCluster : public QObject
{
    Q_OBJECT

private:
    QString startWorkflow(OrrerydProcess &p)
    {
        const auto r = p.post(QStringLiteral("/api/workflow"),
                              QJsonObject{{"name", "rt_flow"}, {"version", 1}, {"input", QJsonObject()}, {"projectId", kProject}});
        return r.status == 200 ? QString::fromUtf8(r.body) : QString();
    }
    QJsonObject redisStats(OrrerydProcess &p) { return p.get(QStringLiteral("/api/websocket/stats")).json().object().value("redis").toObject(); }

private slots:
    void eventsCrossInstancesOnceAndSurviveARedisRestart()
    {
        RedisProcess redis(FreePort::find());
        QString error;
        QVERIFY2(redis.start(&error), qPrintable(error));
        qputenv("ORRERY_REDIS_URL", redis.url().toUtf8());
        QTemporaryDir dirA, dirB;
        OrrerydProcess a(dirA.path()), b(dirB.path());
        QVERIFY2(a.start(&error), qPrintable(error));
        QVERIFY2(b.start(&error), qPrintable(error));
        qunsetenv("ORRERY_REDIS_URL");
        QTRY_COMPARE_WITH_TIMEOUT(redisStats(a).value("state").toString(), QStringLiteral("connected"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(redisStats(b).value("state").toString(), QStringLiteral("connected"), 15000);
        QVERIFY(redisStats(a).value("origin").toString() != redisStats(b).value("origin").toString());
        QCOMPARE(a.post(QStringLiteral("/api/metadata/workflow"), workflowDef()).status, 200);

        ClientAgent agent(ClientAgent::Kind::Node);
        QVERIFY2(agent.start(&error), qPrintable(error));
        agent.connectTo("onA", a.baseUrl(), "/tasks", QString::fromUtf8(a.token()));
        agent.connectTo("onB", b.baseUrl(), "/tasks", QString::fromUtf8(b.token()));
        QVERIFY(!agent.waitFor("onA", "connect").isEmpty());
        QVERIFY(!agent.waitFor("onB", "connect").isEmpty());
        for (const char *id : {"onA", "onB"}) {
            agent.emitEvent(id, "subscribe_to_project", {QJsonObject{{"project_id", kProject}}}, "sub");
            QCOMPARE(agent.waitForAck(id, "sub").value("args").toArray().at(0).toObject().value("ok").toBool(), true);
        }

        // 1. Raised on A, delivered on B once (and on A once: no echo through Redis).
        const QString wf1 = startWorkflow(a);
        QVERIFY(!wf1.isEmpty());
        QVERIFY(!agent.waitFor([&](const QJsonObject &o) {
                          return o.value("id") == QLatin1String("onB") && countFor({o}, "workflow_completed", wf1) == 1;
                      }, 20000).isEmpty());
        QList<QJsonObject> onB = agent.collect("onB", 1500);
        QList<QJsonObject> onA = agent.collect("onA", 10);
        qInfo().noquote() << "workflow" << wf1 << "on B:" << countFor(onB, "workflow_started", wf1) << "workflow_started,"
                          << countFor(onB, "task_completed", wf1) << "task_completed";
        QCOMPARE(countFor(onB, "workflow_started", wf1), 1);
        QCOMPARE(countFor(onB, "task_completed", wf1), 1);
        QCOMPARE(countFor(onB, "workflow_completed", wf1), 0); // consumed by waitFor above: exactly one
        QCOMPARE(countFor(onA, "workflow_started", wf1), 1);
        QCOMPARE(countFor(onA, "task_completed", wf1), 1);
        QCOMPARE(countFor(onA, "workflow_completed", wf1), 1);
        QVERIFY(b.get(QStringLiteral("/api/websocket/stats")).json().object().value("bus").toObject().value("fromOtherInstances").toDouble() >= 4);

        // 2. Redis goes away: A keeps delivering to its own clients.
        redis.stop();
        QTRY_COMPARE_WITH_TIMEOUT(redisStats(a).value("state").toString(), QStringLiteral("disconnected"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(redisStats(b).value("state").toString(), QStringLiteral("disconnected"), 15000);
        const QString wf2 = startWorkflow(a);
        QVERIFY(!wf2.isEmpty());
        QVERIFY(!agent.waitFor([&](const QJsonObject &o) {
                          return o.value("id") == QLatin1String("onA") && countFor({o}, "workflow_completed", wf2) == 1;
                      }, 20000).isEmpty());

        // 3. Redis is back: both reconnect, clients are told about the outage.
        QVERIFY2(redis.start(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(redisStats(a).value("state").toString(), QStringLiteral("connected"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(redisStats(b).value("state").toString(), QStringLiteral("connected"), 30000);
        const QJsonObject gapA = agent.waitForEvent("onA", "gap", 10000);
        qInfo().noquote() << "gap on A:" << QJsonDocument(gapA.value("args").toArray().at(0).toObject()).toJson(QJsonDocument::Compact);
        QCOMPARE(gapA.value("args").toArray().at(0).toObject().value("reason").toString(), QStringLiteral("redis_outage"));
        // B's client learns it missed A's events of the outage (A's sync after reconnecting).
        const QJsonObject remoteGap = agent.waitFor([](const QJsonObject &o) {
            const QJsonObject p = o.value("args").toArray().at(0).toObject();
            return o.value("id") == QLatin1String("onB") && o.value("event") == QLatin1String("gap")
                && p.value("reason") == QLatin1String("remote_gap") && p.value("missed").toDouble() >= 5;
        }, 15000); // A's sync right after reconnecting, or its periodic one (5 s)
        QVERIFY(!remoteGap.isEmpty());
        qInfo().noquote() << "remote gap on B:" << QJsonDocument(remoteGap.value("args").toArray().at(0).toObject()).toJson(QJsonDocument::Compact);
        onB = agent.collect("onB", 500);
        QCOMPARE(countFor(onB, "workflow_started", wf2), 0);

        // 4. Fan-out resumes, once each.
        const QString wf3 = startWorkflow(a);
        QVERIFY(!agent.waitFor([&](const QJsonObject &o) {
                          return o.value("id") == QLatin1String("onB") && countFor({o}, "workflow_completed", wf3) == 1;
                      }, 20000).isEmpty());
        onB = agent.collect("onB", 1500);
        QCOMPARE(countFor(onB, "workflow_started", wf3), 1);
        QCOMPARE(countFor(onB, "workflow_completed", wf3), 0);
        const QJsonObject statsB = redisStats(b);
        QCOMPARE(statsB.value("duplicates").toDouble(), 0.0);
        QVERIFY(statsB.value("outages").toDouble() >= 1);
        QCOMPARE(a.terminate(30000), 0);
        QCOMPARE(b.terminate(30000), 0);
    }
};

QTEST_GUILESS_MAIN(TestRealtimeCluster)
#include "test_realtime_cluster.moc"
