// A Socket.IO client (socket.io-client 4 under node) pointed at the standby's address:
// - without Redis it is refused while the instance is a standby and keeps reconnecting by
//   itself; once the active orreryd is SIGKILLed and this instance takes over on the same
//   address, the client connects, joins its project room and receives the events of a workflow
//   started on the new active instance;
// - with Redis (--redis-url on both) the standby's hub serves it at once, with the events of the
//   active relayed through Redis, and after a SIGKILL of the active it carries on there.
#include "ClientAgent.h"
#include "OrrerydProcess.h"
#include "support/PgTestServer.h"
#include "support/RedisTestServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace orrery::test;

class TestStandbySocketIo : public QObject
{
    Q_OBJECT

    static QJsonObject flow()
    {
        return QJsonObject{{"name", "sio_flow"},
                           {"version", 1},
                           {"schemaVersion", 2},
                           {"tasks", QJsonArray{QJsonObject{{"name", "noop"}, {"taskReferenceName", "n"}}}}};
    }

    // Waits for the workflow_completed event of `id` on client `c`.
    static bool completedSeen(ClientAgent &agent, const QString &id)
    {
        return !agent.waitFor([&](const QJsonObject &o) {
            return o.value("id") == QLatin1String("c") && o.value("type") == QLatin1String("event")
                && o.value("event") == QLatin1String("workflow_completed")
                && o.value("args").toArray().at(0).toObject().value("workflowId").toString() == id;
        }, 15000).isEmpty();
    }

private slots:
    void standbyHubRelaysTheActiveThroughRedis()
    {
        PgTestServer pg;
        ORRERY_REQUIRE_PG(pg);
        RedisTestServer redis;
        if (!redis.start())
            QSKIP(qPrintable(QStringLiteral("redis-server not available: ") + redis.errorString()));
        const QString db = pg.createDatabase();
        QVERIFY(!db.isEmpty());
        QTemporaryDir dirA, dirB;
        const QStringList args{QStringLiteral("--db"), db, QStringLiteral("--no-demo"), QStringLiteral("--redis-url"), redis.url()};
        OrrerydProcess a(dirA.path(), args);
        QString error;
        QVERIFY2(a.start(&error), qPrintable(error));
        QVERIFY(QFile::copy(QDir(dirA.path()).filePath(QStringLiteral("admin-token")),
                            QDir(dirB.path()).filePath(QStringLiteral("admin-token"))));
        OrrerydProcess b(dirB.path(), args);
        QVERIFY2(b.start(&error), qPrintable(error));
        QCOMPARE(b.get(QStringLiteral("/api/engine/lease")).json().object().value(QStringLiteral("role")).toString(),
                 QStringLiteral("standby"));
        QCOMPARE(a.post(QStringLiteral("/api/metadata/workflow"), flow()).status, 200);

        ClientAgent agent(ClientAgent::Kind::Node);
        QVERIFY2(agent.start(&error), qPrintable(error));
        agent.connectTo(QStringLiteral("c"), b.baseUrl(), QStringLiteral("/tasks"), QString::fromUtf8(b.token()));
        QVERIFY2(!agent.waitFor(QStringLiteral("c"), QStringLiteral("connect"), 10000).isEmpty(),
                 "the standby's hub did not accept the client");
        agent.emitEvent(QStringLiteral("c"), QStringLiteral("subscribe_to_project"), {QJsonObject{{"project_id", "p-ha"}}}, QStringLiteral("sub"));
        QCOMPARE(agent.waitForAck(QStringLiteral("c"), QStringLiteral("sub")).value("args").toArray().at(0).toObject().value("ok").toBool(), true);
        const auto started = a.post(QStringLiteral("/api/workflow"),
                                    QJsonObject{{"name", "sio_flow"}, {"version", 1}, {"input", QJsonObject()}, {"projectId", "p-ha"}});
        QCOMPARE(started.status, 200);
        QVERIFY2(completedSeen(agent, QString::fromUtf8(started.body)), "the standby's client saw no workflow_completed of the active");

        // The active dies: the client of the standby's address reconnects there and carries on.
        a.kill();
        for (QDeadlineTimer d(20000); !d.hasExpired(); QThread::msleep(100))
            if (b.get(QStringLiteral("/api/engine/lease")).json().object().value(QStringLiteral("role")).toString() == QLatin1String("active"))
                break;
        QCOMPARE(b.get(QStringLiteral("/api/engine/lease")).json().object().value(QStringLiteral("role")).toString(), QStringLiteral("active"));
        QVERIFY2(!agent.waitFor(QStringLiteral("c"), QStringLiteral("connect"), 20000).isEmpty(), "no reconnect after the takeover");
        agent.emitEvent(QStringLiteral("c"), QStringLiteral("subscribe_to_project"), {QJsonObject{{"project_id", "p-ha"}}}, QStringLiteral("sub2"));
        QCOMPARE(agent.waitForAck(QStringLiteral("c"), QStringLiteral("sub2")).value("args").toArray().at(0).toObject().value("ok").toBool(), true);
        const auto after = b.post(QStringLiteral("/api/workflow"),
                                  QJsonObject{{"name", "sio_flow"}, {"version", 1}, {"input", QJsonObject()}, {"projectId", "p-ha"}});
        QCOMPARE(after.status, 200);
        QVERIFY2(completedSeen(agent, QString::fromUtf8(after.body)), "no workflow_completed after the takeover");
    }

    void clientOfTheStandbyAddressCarriesOnAfterTakeover()
    {
        PgTestServer pg;
        ORRERY_REQUIRE_PG(pg);
        const QString db = pg.createDatabase();
        QVERIFY(!db.isEmpty());
        QTemporaryDir dirA, dirB;
        const QStringList args{QStringLiteral("--db"), db, QStringLiteral("--no-demo")};
        OrrerydProcess a(dirA.path(), args);
        QString error;
        QVERIFY2(a.start(&error), qPrintable(error));
        QVERIFY(QFile::copy(QDir(dirA.path()).filePath(QStringLiteral("admin-token")),
                            QDir(dirB.path()).filePath(QStringLiteral("admin-token"))));
        OrrerydProcess b(dirB.path(), args);
        QVERIFY2(b.start(&error), qPrintable(error));
        QCOMPARE(b.get(QStringLiteral("/api/engine/lease")).json().object().value(QStringLiteral("role")).toString(),
                 QStringLiteral("standby"));
        QCOMPARE(a.post(QStringLiteral("/api/metadata/workflow"),
                        QJsonObject{{"name", "sio_flow"},
                                    {"version", 1},
                                    {"schemaVersion", 2},
                                    {"tasks", QJsonArray{QJsonObject{{"name", "noop"}, {"taskReferenceName", "n"}}}}})
                     .status,
                 200);

        ClientAgent agent(ClientAgent::Kind::Node);
        QVERIFY2(agent.start(&error), qPrintable(error));
        agent.connectTo(QStringLiteral("c"), b.baseUrl(), QStringLiteral("/tasks"), QString::fromUtf8(b.token()));
        QVERIFY2(!agent.waitFor(QStringLiteral("c"), QStringLiteral("connect_error"), 10000).isEmpty(),
                 "the standby accepted a Socket.IO connection");

        a.kill();
        QElapsedTimer sinceKill;
        sinceKill.start();
        QVERIFY2(!agent.waitFor(QStringLiteral("c"), QStringLiteral("connect"), 20000).isEmpty(),
                 "the client did not connect after the takeover");
        qInfo("the client of the standby's address connected %lld ms after the SIGKILL of the active", sinceKill.elapsed());
        QCOMPARE(b.get(QStringLiteral("/api/engine/lease")).json().object().value(QStringLiteral("role")).toString(),
                 QStringLiteral("active"));
        agent.emitEvent(QStringLiteral("c"), QStringLiteral("subscribe_to_project"), {QJsonObject{{"project_id", "p-ha"}}}, QStringLiteral("sub"));
        QCOMPARE(agent.waitForAck(QStringLiteral("c"), QStringLiteral("sub")).value("args").toArray().at(0).toObject().value("ok").toBool(), true);

        const auto started = b.post(QStringLiteral("/api/workflow"),
                                    QJsonObject{{"name", "sio_flow"}, {"version", 1}, {"input", QJsonObject()}, {"projectId", "p-ha"}});
        QCOMPARE(started.status, 200);
        const QString id = QString::fromUtf8(started.body);
        const QJsonObject done = agent.waitFor([&](const QJsonObject &o) {
            return o.value("id") == QLatin1String("c") && o.value("type") == QLatin1String("event")
                && o.value("event") == QLatin1String("workflow_completed")
                && o.value("args").toArray().at(0).toObject().value("workflowId").toString() == id;
        }, 15000);
        QVERIFY2(!done.isEmpty(), "no workflow_completed event after the reconnect");
    }
};

QTEST_GUILESS_MAIN(TestStandbySocketIo)
#include "test_standby_socketio.moc"
