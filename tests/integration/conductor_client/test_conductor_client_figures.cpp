// Client mode's remote work in the client's own views, end to end against a second orreryd
// acting as the Conductor server: /api/stats counts the tasks the remote workers ran (detail
// local/remote), /api/circuitbreaker/status lists the server's breaker and the operator actions
// reach it, and a run the scheduler started remotely has its end recorded after a client restart.
#include "OrrerydProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

using orrery::test::OrrerydProcess;

namespace {

int portOf(const QString &baseUrl) { return QUrl(baseUrl).port(); }

QJsonObject clientStatus(OrrerydProcess &client)
{
    return client.get(QStringLiteral("/api/conductor/client")).json().object();
}

} // namespace

class TestConductorClientFigures : public QObject
{
    Q_OBJECT

private slots:
    // The client's /api/stats counts the tasks its remote workers ran for the server (detail
    // local/remote), and its /api/circuitbreaker/status lists the server's breaker, which the
    // operator actions reach.
    void figuresAndBreakerShowTheRemoteWork()
    {
        QTemporaryDir serverDir, clientDir;
        OrrerydProcess server(serverDir.path(), {QStringLiteral("--local-concurrency"), QStringLiteral("0"), QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QJsonArray defs{QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")}, {QStringLiteral("retryCount"), 0},
                                          {QStringLiteral("responseTimeoutSeconds"), 20}, {QStringLiteral("timeoutSeconds"), 0}}};
        QCOMPARE(server.request("POST", QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(defs).toJson()).status, 200);
        const QJsonObject wf{{QStringLiteral("name"), QStringLiteral("fig_flow")}, {QStringLiteral("version"), 1},
                             {QStringLiteral("schemaVersion"), 2},
                             {QStringLiteral("tasks"), QJsonArray{QJsonObject{
                                  {QStringLiteral("name"), QStringLiteral("noop")}, {QStringLiteral("taskReferenceName"), QStringLiteral("only")},
                                  {QStringLiteral("type"), QStringLiteral("SIMPLE")}}}}};
        QCOMPARE(server.post(QStringLiteral("/api/metadata/workflow"), wf).status, 200);
        qputenv("ORRERY_CONDUCTOR_KEY_SECRET", server.token());
        OrrerydProcess client(clientDir.path(), {QStringLiteral("--no-demo"), QStringLiteral("--conductor-mode"), QStringLiteral("client"),
                                                 QStringLiteral("--conductor-url"), server.baseUrl(),
                                                 QStringLiteral("--conductor-key-id"), QStringLiteral("orrery-client"),
                                                 QStringLiteral("--conductor-task-types"), QStringLiteral("noop")});
        QVERIFY2(client.start(&error), qPrintable(error));
        qunsetenv("ORRERY_CONDUCTOR_KEY_SECRET");
        for (int i = 0; i < 3; ++i) {
            const auto started = server.post(QStringLiteral("/api/workflow/fig_flow"), QJsonObject{});
            QCOMPARE(started.status, 200);
            QCOMPARE(server.waitForWorkflow(QString::fromUtf8(started.body), 60000).value(QStringLiteral("status")).toString(),
                     QStringLiteral("COMPLETED"));
        }
        const QJsonObject stats = client.get(QStringLiteral("/api/stats")).json().object();
        const QJsonObject figures = stats.value(QStringLiteral("figures")).toObject();
        const QJsonObject rate = figures.value(QStringLiteral("taskSuccessRate")).toObject().value(QStringLiteral("1h")).toObject();
        QCOMPARE(rate.value(QStringLiteral("value")).toDouble(), 1.0);
        const QJsonObject detail = rate.value(QStringLiteral("detail")).toObject();
        QCOMPARE(detail.value(QStringLiteral("remote")).toObject().value(QStringLiteral("succeeded")).toInt(), 3);
        QCOMPARE(detail.value(QStringLiteral("local")).toObject().value(QStringLiteral("succeeded")).toInt(), 0);
        const QJsonObject retries = figures.value(QStringLiteral("averageRetriesPerTask")).toObject().value(QStringLiteral("24h")).toObject();
        QCOMPARE(retries.value(QStringLiteral("value")).toDouble(), 0.0);
        QCOMPARE(retries.value(QStringLiteral("detail")).toObject().value(QStringLiteral("remote")).toObject()
                     .value(QStringLiteral("tasks")).toInt(), 3);

        const QString name = QStringLiteral("conductor:127.0.0.1:%1").arg(portOf(server.baseUrl()));
        auto listed = [&]() -> QJsonObject {
            const QJsonArray all = client.get(QStringLiteral("/api/circuitbreaker/status")).json().object()
                                       .value(QStringLiteral("breakers")).toArray();
            for (const QJsonValue &b : all)
                if (b.toObject().value(QStringLiteral("name")).toString() == name)
                    return b.toObject();
            return {};
        };
        QJsonObject breaker = listed();
        QVERIFY2(!breaker.isEmpty(), qPrintable(name));
        QCOMPARE(breaker.value(QStringLiteral("source")).toString(), QStringLiteral("conductor-client"));
        QCOMPARE(breaker.value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"));
        QVERIFY(breaker.value(QStringLiteral("calls")).toDouble() > 0);
        const auto opened = client.postRaw(QStringLiteral("/api/circuitbreaker/%1/open").arg(name), {});
        QCOMPARE(opened.status, 200);
        QCOMPARE(opened.json().object().value(QStringLiteral("state")).toString(), QStringLiteral("FORCED_OPEN"));
        QCOMPARE(listed().value(QStringLiteral("state")).toString(), QStringLiteral("FORCED_OPEN"));
        QCOMPARE(clientStatus(client).value(QStringLiteral("breaker")).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("FORCED_OPEN"));
        const auto closed = client.postRaw(QStringLiteral("/api/circuitbreaker/%1/close").arg(name), {});
        QCOMPARE(closed.status, 200);
        QCOMPARE(closed.json().object().value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"));
        // Work flows again after the operator closed it.
        const auto again = server.post(QStringLiteral("/api/workflow/fig_flow"), QJsonObject{});
        QCOMPARE(server.waitForWorkflow(QString::fromUtf8(again.body), 60000).value(QStringLiteral("status")).toString(),
                 QStringLiteral("COMPLETED"));
    }

    // A run the scheduler started on the server while the client stops: its row (RUNNING, the
    // workflow id) is in the client's store, so the restarted client reads the end back.
    void remoteRunEndRecordedAfterAClientRestart()
    {
        QTemporaryDir serverDir, clientDir;
        OrrerydProcess server(serverDir.path(), {QStringLiteral("--local-concurrency"), QStringLiteral("0"), QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QJsonObject wf{{QStringLiteral("name"), QStringLiteral("wait_flow")}, {QStringLiteral("version"), 1},
                             {QStringLiteral("schemaVersion"), 2},
                             {QStringLiteral("tasks"), QJsonArray{QJsonObject{
                                  {QStringLiteral("name"), QStringLiteral("pause")}, {QStringLiteral("taskReferenceName"), QStringLiteral("pause")},
                                  {QStringLiteral("type"), QStringLiteral("WAIT")},
                                  {QStringLiteral("inputParameters"), QJsonObject{{QStringLiteral("duration"), QStringLiteral("15s")}}}}}}};
        QCOMPARE(server.post(QStringLiteral("/api/metadata/workflow"), wf).status, 200);
        const QStringList clientArgs{QStringLiteral("--no-demo"), QStringLiteral("--conductor-mode"), QStringLiteral("client"),
                                     QStringLiteral("--conductor-url"), server.baseUrl(),
                                     QStringLiteral("--conductor-key-id"), QStringLiteral("orrery-client"),
                                     QStringLiteral("--conductor-task-types"), QStringLiteral("noop")};
        qputenv("ORRERY_CONDUCTOR_KEY_SECRET", server.token());
        auto client = std::make_unique<OrrerydProcess>(clientDir.path(), clientArgs);
        QVERIFY2(client->start(&error), qPrintable(error));
        const QJsonObject job{{QStringLiteral("id"), QStringLiteral("wait-job")},
                              {QStringLiteral("name"), QStringLiteral("wait job")},
                              {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("cron")},
                                                                      {QStringLiteral("expression"), QStringLiteral("0 0 1 1 *")},
                                                                      {QStringLiteral("timezone"), QStringLiteral("UTC")}}},
                              {QStringLiteral("target"), QJsonObject{{QStringLiteral("name"), QStringLiteral("wait_flow")}}}};
        const auto created = client->post(QStringLiteral("/api/scheduler/jobs"), job);
        QVERIFY2(created.status == 200 || created.status == 201, created.body.constData());
        const auto fired = client->postRaw(QStringLiteral("/api/scheduler/jobs/wait-job/run"), {});
        QCOMPARE(fired.status, 200);
        const QString runId = fired.json().object().value(QStringLiteral("runId")).toString();
        auto runOf = [&](OrrerydProcess &p) {
            for (const QJsonValue &v : p.get(QStringLiteral("/api/scheduler/jobs/wait-job")).json().object()
                                           .value(QStringLiteral("recentRuns")).toArray())
                if (v.toObject().value(QStringLiteral("runId")).toString() == runId)
                    return v.toObject();
            return QJsonObject();
        };
        QString workflowId;
        for (QDeadlineTimer deadline(30000); !deadline.hasExpired() && workflowId.isEmpty(); QTest::qWait(100))
            workflowId = runOf(*client).value(QStringLiteral("workflowId")).toString();
        QVERIFY(!workflowId.isEmpty());
        QCOMPARE(runOf(*client).value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
        // Stops while the remote workflow waits (15 s: longer than the drain's wait for a long poll
        // in flight, so the first process cannot read the end back itself).
        QCOMPARE(client->terminate(60000), 0);
        QCOMPARE(server.waitForWorkflow(workflowId, 40000).value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        client = std::make_unique<OrrerydProcess>(clientDir.path(), clientArgs);
        QVERIFY2(client->start(&error), qPrintable(error));
        qunsetenv("ORRERY_CONDUCTOR_KEY_SECRET");
        QJsonObject after;
        for (QDeadlineTimer deadline(30000); !deadline.hasExpired(); QTest::qWait(200)) {
            after = runOf(*client);
            if (after.value(QStringLiteral("status")).toString() != QLatin1String("RUNNING"))
                break;
        }
        QCOMPARE(after.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(after.value(QStringLiteral("workflowId")).toString(), workflowId);
        QCOMPARE(after.value(QStringLiteral("detail")).toObject().value(QStringLiteral("source")).toString(), QStringLiteral("remote"));
        QFile log(QDir(clientDir.path()).filePath(QStringLiteral("orreryd.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY2(text.contains("watching 1 run(s) started on the Conductor server before the restart"), text.right(3000).constData());
    }
};

QTEST_GUILESS_MAIN(TestConductorClientFigures)
#include "test_conductor_client_figures.moc"
