// Client mode end to end: orreryd "server" (local workers off) is the Conductor server; orreryd
// "client" (--conductor-mode client) runs its tasks. Definitions get there with
// `orreryd conductor push`; the server is SIGKILLed mid-run, a listener on its port counts every
// connection the client makes while it is down, the server comes back on the same port and data
// directory, and every workflow completes with each task completed exactly once.
#include "OrrerydProcess.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using orrery::test::OrrerydProcess;

namespace {

constexpr int kWorkflows = 24;
constexpr int kProbeSeconds = 1;

QJsonObject workflowDef()
{
    auto simple = [](const QString &name, const QString &ref, QJsonObject input = {}) {
        return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("taskReferenceName"), ref},
                           {QStringLiteral("type"), QStringLiteral("SIMPLE")}, {QStringLiteral("inputParameters"), input}};
    };
    const QJsonObject shellInput{{QStringLiteral("argv"), QJsonArray{QStringLiteral("sh"), QStringLiteral("-c"),
                                                                      QStringLiteral("sleep 0.5; echo ran")}}};
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("cm_flow")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("schemaVersion"), 2},
                       {QStringLiteral("tasks"), QJsonArray{simple(QStringLiteral("noop"), QStringLiteral("first")),
                                                            simple(QStringLiteral("shell"), QStringLiteral("work"), shellInput),
                                                            simple(QStringLiteral("noop"), QStringLiteral("last"))}}};
}

QJsonArray taskDefs()
{
    QJsonArray defs;
    for (const char *name : {"noop", "shell"})
        defs.append(QJsonObject{{QStringLiteral("name"), QLatin1String(name)},
                                {QStringLiteral("retryCount"), 3},
                                {QStringLiteral("retryLogic"), QStringLiteral("FIXED")},
                                {QStringLiteral("retryDelaySeconds"), 0},
                                {QStringLiteral("responseTimeoutSeconds"), 20},
                                {QStringLiteral("timeoutSeconds"), 0}});
    return defs;
}

int portOf(const QString &baseUrl) { return QUrl(baseUrl).port(); }

struct PushResult
{
    int exitCode = -1;
    QString output;
};

PushResult runPush(const QStringList &args, const QByteArray &secret)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ORRERY_CONDUCTOR_KEY_SECRET"), QString::fromUtf8(secret));
    p.setProcessEnvironment(env);
    p.start(OrrerydProcess::binaryPath(), QStringList{QStringLiteral("conductor"), QStringLiteral("push")} + args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

QJsonObject clientStatus(OrrerydProcess &client)
{
    return client.get(QStringLiteral("/api/conductor/client")).json().object();
}

} // namespace

class TestConductorClientProcess : public QObject
{
    Q_OBJECT

private slots:
    void clientModeSurvivesTheServerGoingAway()
    {
        QTemporaryDir serverDir, clientDir;
        QVERIFY(serverDir.isValid() && clientDir.isValid());
        const QStringList serverArgs{QStringLiteral("--local-concurrency"), QStringLiteral("0"), QStringLiteral("--no-demo")};
        auto server = std::make_unique<OrrerydProcess>(serverDir.path(), serverArgs);
        QString error;
        QVERIFY2(server->start(&error), qPrintable(error));
        const QString serverUrl = server->baseUrl();
        const int port = portOf(serverUrl);
        const QByteArray secret = server->token();

        // The client: its own definitions, pushed to the server with `orreryd conductor push`.
        qputenv("ORRERY_CONDUCTOR_KEY_SECRET", secret); // inherited by the client process
        OrrerydProcess client(clientDir.path(), {QStringLiteral("--no-demo"), QStringLiteral("--local-concurrency"), QStringLiteral("0"),
                                                 QStringLiteral("--conductor-mode"), QStringLiteral("client"),
                                                 QStringLiteral("--conductor-url"), serverUrl + QStringLiteral("/api"),
                                                 QStringLiteral("--conductor-key-id"), QStringLiteral("orrery-client"),
                                                 QStringLiteral("--conductor-task-types"), QStringLiteral("noop,shell"),
                                                 QStringLiteral("--conductor-workers"), QStringLiteral("4"),
                                                 QStringLiteral("--conductor-probe-interval"), QString::number(kProbeSeconds)});
        QVERIFY2(client.start(&error), qPrintable(error));
        qunsetenv("ORRERY_CONDUCTOR_KEY_SECRET");
        QVERIFY(!client.output().contains(secret));
        QCOMPARE(client.request("POST", QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(taskDefs()).toJson()).status, 200);
        QCOMPARE(client.post(QStringLiteral("/api/metadata/workflow"), workflowDef()).status, 200);

        const QStringList pushArgs{QStringLiteral("--data-dir"), clientDir.path(), QStringLiteral("--conductor-url"), serverUrl,
                                   QStringLiteral("--conductor-key-id"), QStringLiteral("orrery-client")};
        PushResult pushed = runPush(pushArgs, secret);
        QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.output));
        QVERIFY2(pushed.output.contains(QLatin1String("workflow cm_flow v1")), qPrintable(pushed.output));
        QVERIFY(!pushed.output.contains(QString::fromUtf8(secret)));
        pushed = runPush(pushArgs, secret); // again: overwrite (or PUT after a 409)
        QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.output));
        QCOMPARE(server->get(QStringLiteral("/api/metadata/workflow/cm_flow")).status, 200);
        const PushResult refused = runPush(pushArgs, "not-a-token");
        QVERIFY2(refused.exitCode == 1, qPrintable(refused.output));

        // Status: client mode, token auth, breaker closed, no secret.
        QJsonObject status = clientStatus(client);
        QCOMPARE(status.value(QStringLiteral("mode")).toString(), QStringLiteral("client"));
        QCOMPARE(status.value(QStringLiteral("auth")).toString(), QStringLiteral("token"));
        QCOMPARE(status.value(QStringLiteral("breaker")).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("conductor:127.0.0.1:%1").arg(port));
        QVERIFY(!QJsonDocument(status).toJson().contains(secret));

        // Work on the server, run by the client's workers.
        QStringList ids;
        for (int i = 0; i < kWorkflows; ++i) {
            const auto r = server->post(QStringLiteral("/api/workflow/cm_flow"), QJsonObject{{QStringLiteral("i"), i}});
            QCOMPARE(r.status, 200);
            ids << QString::fromUtf8(r.body);
        }
        QJsonObject first = server->waitForWorkflow(ids.first(), 60000);
        QCOMPARE(first.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));

        // The remote execution read through the client's API, marked remote.
        const QJsonObject remote = client.get(QStringLiteral("/api/conductor/remote/workflow/") + ids.first()).json().object();
        QCOMPARE(remote.value(QStringLiteral("source")).toString(), QStringLiteral("remote"));
        QCOMPARE(remote.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        const auto search = client.get(QStringLiteral("/api/conductor/remote/workflow/search?size=5&query=")
                                       + QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("workflowType = cm_flow"))));
        QCOMPARE(search.status, 200);
        QCOMPARE(search.json().object().value(QStringLiteral("source")).toString(), QStringLiteral("remote"));
        // Local and remote executions in one listing (source=all), merged by start time, each marked.
        const auto startedHere = client.post(QStringLiteral("/api/workflow/cm_flow"), QJsonObject{{QStringLiteral("here"), true}});
        QCOMPARE(startedHere.status, 200);
        const QString localId = QString::fromUtf8(startedHere.body);
        const QJsonObject all = client.get(QStringLiteral("/api/workflow/search?source=all&size=1000")).json().object();
        QCOMPARE(all.value(QStringLiteral("totalHits")).toInt(), kWorkflows + 1);
        QCOMPARE(all.value(QStringLiteral("sources")).toObject().value(QStringLiteral("remote")).toObject()
                     .value(QStringLiteral("totalHits")).toInt(), kWorkflows);
        QHash<QString, QString> sourceOf;
        QDateTime previous;
        for (const QJsonValue &v : all.value(QStringLiteral("results")).toArray()) {
            const QJsonObject row = v.toObject();
            sourceOf.insert(row.value(QStringLiteral("workflowId")).toString(), row.value(QStringLiteral("source")).toString());
            const QDateTime started = QDateTime::fromString(row.value(QStringLiteral("startTime")).toString(), Qt::ISODateWithMs);
            QVERIFY(started.isValid());
            QVERIFY(!previous.isValid() || started <= previous); // startTime DESC across both sides
            previous = started;
        }
        QCOMPARE(sourceOf.value(localId), QStringLiteral("local"));
        for (const QString &id : std::as_const(ids))
            QCOMPARE(sourceOf.value(id), QStringLiteral("remote"));
        const QJsonArray middle = client.get(QStringLiteral("/api/workflow/search?source=all&start=1&size=2")).json().object()
                                      .value(QStringLiteral("results")).toArray();
        QCOMPARE(middle.size(), 2);
        QCOMPARE(middle.at(0), all.value(QStringLiteral("results")).toArray().at(1));
        QCOMPARE(middle.at(1), all.value(QStringLiteral("results")).toArray().at(2));
        const QJsonObject localOnly = client.get(QStringLiteral("/api/workflow/search?size=1000")).json().object();
        QCOMPARE(localOnly.value(QStringLiteral("totalHits")).toInt(), 1); // Conductor's own search: local, as always
        QVERIFY(!localOnly.contains(QStringLiteral("sources")));
        QCOMPARE(client.get(QStringLiteral("/api/workflow/search?source=everywhere")).status, 400);

        // The server goes away mid-run (4 workers x 0.5 s shell steps: most workflows still run).
        int unfinished = 0;
        for (const QString &id : std::as_const(ids))
            unfinished += server->get(QStringLiteral("/api/workflow/%1?includeTasks=false").arg(id)).json().object()
                              .value(QStringLiteral("status")).toString() == QLatin1String("RUNNING") ? 1 : 0;
        qInfo("killing the server with %d of %d workflows running", unfinished, kWorkflows);
        QVERIFY(unfinished > 0);
        server->kill();
        server.reset();
        // Its port now answers nothing: every connection is counted and closed at once.
        QTcpServer listener;
        int connections = 0;
        connect(&listener, &QTcpServer::newConnection, &listener, [&] {
            while (QTcpSocket *s = listener.nextPendingConnection()) {
                ++connections;
                s->abort();
                s->deleteLater();
            }
        });
        QVERIFY(listener.listen(QHostAddress::LocalHost, quint16(port)));
        // Let the breaker trip (3 failures), then count a window in which it is open.
        QTRY_VERIFY_WITH_TIMEOUT(clientStatus(client).value(QStringLiteral("breaker")).toObject()
                                     .value(QStringLiteral("state")).toString() != QLatin1String("CLOSED"), 30000);
        const QJsonObject before = clientStatus(client);
        const int connectionsBefore = connections;
        QElapsedTimer window;
        window.start();
        QTest::qWait(6000);
        const QJsonObject after = clientStatus(client);
        const qint64 windowSeconds = (window.elapsed() + 999) / 1000;
        const int windowConnections = connections - connectionsBefore;
        const double requests = after.value(QStringLiteral("requests")).toDouble() - before.value(QStringLiteral("requests")).toDouble();
        const double probes = after.value(QStringLiteral("probes")).toDouble() - before.value(QStringLiteral("probes")).toDouble();
        qInfo("while down: %d connection(s) in %lld s, client requests %g, probes %g, refused %g", windowConnections,
              windowSeconds, requests, probes,
              after.value(QStringLiteral("refusedByBreaker")).toDouble() - before.value(QStringLiteral("refusedByBreaker")).toDouble());
        QVERIFY(after.value(QStringLiteral("refusedByBreaker")).toDouble() > before.value(QStringLiteral("refusedByBreaker")).toDouble());
        // The merged listing still shows the local rows, saying why the remote ones are missing.
        const auto allWhileDown = client.get(QStringLiteral("/api/workflow/search?source=all"));
        QCOMPARE(allWhileDown.status, 200);
        const QJsonObject down = allWhileDown.json().object();
        QVERIFY(!down.value(QStringLiteral("sources")).toObject().value(QStringLiteral("remote")).toObject()
                     .value(QStringLiteral("error")).toString().isEmpty());
        QCOMPARE(down.value(QStringLiteral("results")).toArray().size(), 1);
        QCOMPARE(client.get(QStringLiteral("/api/workflow/search?source=remote")).status, 503);
        // Every request while the breaker is not closed is a probe, one per probe interval.
        QCOMPARE(requests, probes);
        QVERIFY2(probes <= double(windowSeconds / kProbeSeconds + 2), qPrintable(QString::number(probes)));
        // (QNetworkAccessManager may resend a request once when a fresh connection is closed on it.)
        QVERIFY2(windowConnections <= 2 * int(probes) + 2, qPrintable(QString::number(windowConnections)));
        listener.close();

        // Back on the same port and data directory: work resumes by itself.
        auto again = std::make_unique<OrrerydProcess>(
            serverDir.path(), serverArgs + QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)});
        QVERIFY2(again->start(&error), qPrintable(error));
        QCOMPARE(again->baseUrl(), serverUrl);
        for (const QString &id : std::as_const(ids)) {
            const QJsonObject wf = again->waitForWorkflow(id, 120000);
            QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
            QHash<QString, int> completedPerRef;
            for (const QJsonValue &t : wf.value(QStringLiteral("tasks")).toArray())
                if (t.toObject().value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED"))
                    ++completedPerRef[t.toObject().value(QStringLiteral("referenceTaskName")).toString()];
            QCOMPARE(completedPerRef.size(), 3);
            for (auto it = completedPerRef.begin(); it != completedPerRef.end(); ++it)
                QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("%1: %2 completed in %3").arg(id, it.key()).arg(it.value())));
        }
        QTRY_COMPARE_WITH_TIMEOUT(clientStatus(client).value(QStringLiteral("breaker")).toObject()
                                      .value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(clientStatus(client).value(QStringLiteral("workers")).toObject()
                                      .value(QStringLiteral("reportsPending")).toInt(-1), 0, 30000);
        const QJsonObject workers = clientStatus(client).value(QStringLiteral("workers")).toObject();
        qInfo("after the restart: %d result(s) delivered, %d retried, %d superseded (already ended), %d released",
              workers.value(QStringLiteral("reportsDelivered")).toInt(), workers.value(QStringLiteral("reportRetries")).toInt(),
              workers.value(QStringLiteral("reportsSuperseded")).toInt(), workers.value(QStringLiteral("released")).toInt());
        QCOMPARE(workers.value(QStringLiteral("reportsDropped")).toInt(), 0);
        QVERIFY(workers.value(QStringLiteral("updateV2")).toBool()); // orreryd has update-v2: no fallback
        QVERIFY(workers.value(QStringLiteral("completed")).toInt() >= kWorkflows * 3);

        // The scheduler in client mode starts its job's workflow on the server; the run ends
        // COMPLETED when the remote workflow does.
        const QJsonObject job{{QStringLiteral("id"), QStringLiteral("remote-job")},
                              {QStringLiteral("name"), QStringLiteral("remote job")},
                              {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("cron")},
                                                                      {QStringLiteral("expression"), QStringLiteral("0 0 1 1 *")},
                                                                      {QStringLiteral("timezone"), QStringLiteral("UTC")}}},
                              {QStringLiteral("target"), QJsonObject{{QStringLiteral("name"), QStringLiteral("cm_flow")},
                                                                     {QStringLiteral("input"), QJsonObject{{QStringLiteral("x"), 7}}}}}};
        const auto created = client.post(QStringLiteral("/api/scheduler/jobs"), job);
        QVERIFY2(created.status == 200 || created.status == 201, created.body.constData());
        const auto run = client.postRaw(QStringLiteral("/api/scheduler/jobs/remote-job/run"), {});
        QCOMPARE(run.status, 200);
        const QString runId = run.json().object().value(QStringLiteral("runId")).toString();
        QString runStatus, workflowId;
        for (QDeadlineTimer deadline(60000); !deadline.hasExpired() && runStatus != QLatin1String("COMPLETED"); QTest::qWait(200)) {
            for (const QJsonValue &v : client.get(QStringLiteral("/api/scheduler/jobs/remote-job")).json().object()
                                           .value(QStringLiteral("recentRuns")).toArray())
                if (v.toObject().value(QStringLiteral("runId")).toString() == runId) {
                    runStatus = v.toObject().value(QStringLiteral("status")).toString();
                    workflowId = v.toObject().value(QStringLiteral("workflowId")).toString();
                }
        }
        QCOMPARE(runStatus, QStringLiteral("COMPLETED"));
        const QJsonObject remoteRun = again->get(QStringLiteral("/api/workflow/") + workflowId).json().object();
        QCOMPARE(remoteRun.value(QStringLiteral("correlationId")).toString(), QStringLiteral("job:remote-job:") + runId);
        QCOMPARE(remoteRun.value(QStringLiteral("input")).toObject().value(QStringLiteral("x")).toInt(), 7);
        QCOMPARE(client.get(QStringLiteral("/api/workflow/") + workflowId).status, 404); // not started locally

        // Graceful stop: drains and exits 0; no secret anywhere in its log.
        QCOMPARE(client.terminate(60000), 0);
        QFile log(QDir(clientDir.path()).filePath(QStringLiteral("orreryd.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(!log.readAll().contains(secret));
    }

    // A task that runs longer than its responseTimeoutSeconds (2 s) survives: the client extends
    // its lease at 80% (1.6 s, 3.2 s), so the server never times it out.
    void leaseExtensionKeepsALongTaskAlive()
    {
        QTemporaryDir serverDir, clientDir;
        OrrerydProcess server(serverDir.path(), {QStringLiteral("--local-concurrency"), QStringLiteral("0"), QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QJsonArray defs{QJsonObject{{QStringLiteral("name"), QStringLiteral("shell")},
                                          {QStringLiteral("retryCount"), 2},
                                          {QStringLiteral("responseTimeoutSeconds"), 2},
                                          {QStringLiteral("timeoutSeconds"), 0}}};
        QCOMPARE(server.request("POST", QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(defs).toJson()).status, 200);
        const QJsonObject wf{{QStringLiteral("name"), QStringLiteral("long_flow")}, {QStringLiteral("version"), 1},
                             {QStringLiteral("schemaVersion"), 2},
                             {QStringLiteral("tasks"), QJsonArray{QJsonObject{
                                  {QStringLiteral("name"), QStringLiteral("shell")}, {QStringLiteral("taskReferenceName"), QStringLiteral("slow")},
                                  {QStringLiteral("type"), QStringLiteral("SIMPLE")},
                                  {QStringLiteral("inputParameters"), QJsonObject{{QStringLiteral("argv"), QJsonArray{QStringLiteral("sleep"), QStringLiteral("4")}}}}}}}};
        QCOMPARE(server.post(QStringLiteral("/api/metadata/workflow"), wf).status, 200);
        qputenv("ORRERY_CONDUCTOR_KEY_SECRET", server.token());
        OrrerydProcess client(clientDir.path(), {QStringLiteral("--no-demo"), QStringLiteral("--conductor-mode"), QStringLiteral("client"),
                                                 QStringLiteral("--conductor-url"), server.baseUrl(),
                                                 QStringLiteral("--conductor-key-id"), QStringLiteral("orrery-client"),
                                                 QStringLiteral("--conductor-task-types"), QStringLiteral("shell")});
        QVERIFY2(client.start(&error), qPrintable(error));
        qunsetenv("ORRERY_CONDUCTOR_KEY_SECRET");
        const auto started = server.post(QStringLiteral("/api/workflow/long_flow"), QJsonObject{});
        QCOMPARE(started.status, 200);
        const QJsonObject done = server.waitForWorkflow(QString::fromUtf8(started.body), 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        const QJsonArray tasks = done.value(QStringLiteral("tasks")).toArray();
        QCOMPARE(tasks.size(), 1); // one attempt: never TIMED_OUT, never retried
        QCOMPARE(tasks.first().toObject().value(QStringLiteral("retryCount")).toInt(), 0);
        const QJsonObject workers = clientStatus(client).value(QStringLiteral("workers")).toObject();
        QVERIFY2(workers.value(QStringLiteral("leaseExtensions")).toInt() >= 2,
                 qPrintable(QString::number(workers.value(QStringLiteral("leaseExtensions")).toInt())));
    }

    // SIGTERM with a task still running after --drain-timeout: the client releases it
    // (IN_PROGRESS, callbackAfterSeconds 0), so the server has it back in its queue at once, with
    // the same taskId and no attempt used, instead of waiting for its responseTimeout.
    void drainReleasesRunningTasks()
    {
        QTemporaryDir serverDir, clientDir;
        OrrerydProcess server(serverDir.path(), {QStringLiteral("--local-concurrency"), QStringLiteral("0"), QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QJsonArray defs{QJsonObject{{QStringLiteral("name"), QStringLiteral("shell")},
                                          {QStringLiteral("retryCount"), 1},
                                          {QStringLiteral("responseTimeoutSeconds"), 600}}};
        QCOMPARE(server.request("POST", QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(defs).toJson()).status, 200);
        const QJsonObject wf{{QStringLiteral("name"), QStringLiteral("stuck_flow")}, {QStringLiteral("version"), 1},
                             {QStringLiteral("schemaVersion"), 2},
                             {QStringLiteral("tasks"), QJsonArray{QJsonObject{
                                  {QStringLiteral("name"), QStringLiteral("shell")}, {QStringLiteral("taskReferenceName"), QStringLiteral("stuck")},
                                  {QStringLiteral("type"), QStringLiteral("SIMPLE")},
                                  {QStringLiteral("inputParameters"), QJsonObject{{QStringLiteral("argv"), QJsonArray{QStringLiteral("sleep"), QStringLiteral("60")}}}}}}}};
        QCOMPARE(server.post(QStringLiteral("/api/metadata/workflow"), wf).status, 200);
        qputenv("ORRERY_CONDUCTOR_KEY_SECRET", server.token());
        OrrerydProcess client(clientDir.path(), {QStringLiteral("--no-demo"), QStringLiteral("--conductor-mode"), QStringLiteral("client"),
                                                 QStringLiteral("--conductor-url"), server.baseUrl(),
                                                 QStringLiteral("--conductor-key-id"), QStringLiteral("orrery-client"),
                                                 QStringLiteral("--conductor-task-types"), QStringLiteral("shell"),
                                                 QStringLiteral("--drain-timeout"), QStringLiteral("1")});
        QVERIFY2(client.start(&error), qPrintable(error));
        qunsetenv("ORRERY_CONDUCTOR_KEY_SECRET");
        const auto started = server.post(QStringLiteral("/api/workflow/stuck_flow"), QJsonObject{});
        QCOMPARE(started.status, 200);
        const QString id = QString::fromUtf8(started.body);
        auto task = [&] {
            return server.get(QStringLiteral("/api/workflow/") + id).json().object().value(QStringLiteral("tasks")).toArray()
                .first().toObject();
        };
        QTRY_COMPARE_WITH_TIMEOUT(task().value(QStringLiteral("status")).toString(), QStringLiteral("IN_PROGRESS"), 30000);
        const QString taskId = task().value(QStringLiteral("taskId")).toString();
        QCOMPARE(client.terminate(60000), 0);
        const QJsonObject released = task();
        QCOMPARE(released.value(QStringLiteral("taskId")).toString(), taskId);
        QCOMPARE(released.value(QStringLiteral("status")).toString(), QStringLiteral("SCHEDULED"));
        QCOMPARE(released.value(QStringLiteral("retryCount")).toInt(), 0);
        QCOMPARE(server.get(QStringLiteral("/api/workflow/") + id).json().object().value(QStringLiteral("tasks")).toArray().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestConductorClientProcess)
#include "test_conductor_client_process.moc"
