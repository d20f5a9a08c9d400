// A Socket.IO client (socket.io-client 4 under node) pointed at the standby's address: refused
// while the instance is a standby, it keeps reconnecting by itself; once the active orreryd is
// SIGKILLed and this instance takes over on the same address, the client connects, joins its
// project room and receives the events of a workflow started on the new active instance.
#include "ClientAgent.h"
#include "OrrerydProcess.h"
#include "support/PgTestServer.h"

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

private slots:
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
