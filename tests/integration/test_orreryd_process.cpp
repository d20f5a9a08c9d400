// orreryd as a real process: the demo workflow with shell tasks over HTTP, graceful SIGTERM,
// and SIGKILL mid-run with nothing lost and no task completed twice.

#include "OrrerydProcess.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace orrery::test;

namespace {

QJsonObject killTestDef(const QString &dir)
{
    // Each shell task appends its taskId to a file, then sleeps a little: a task killed mid-run
    // shows up as a second start of the same taskId, a task completed twice would show as two
    // COMPLETED attempts of one ref.
    QJsonArray tasks;
    for (int i = 0; i < 3; ++i) {
        tasks.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("shell")},
            {QStringLiteral("taskReferenceName"), QStringLiteral("step%1").arg(i)},
            {QStringLiteral("inputParameters"),
             QJsonObject{{QStringLiteral("argv"),
                          QJsonArray{QStringLiteral("sh"), QStringLiteral("-c"),
                                     QStringLiteral("echo \"$1\" >> \"$2\"; sleep 0.2; echo done-$3"), QStringLiteral("_"),
                                     QStringLiteral("${CPEWF_TASK_ID}"), dir + QStringLiteral("/starts.log"),
                                     QStringLiteral("n${workflow.input.n}")}}}}});
    }
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("kill_test")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("schemaVersion"), 2},
                       {QStringLiteral("tasks"), tasks}};
}

} // namespace

class TestOrrerydProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthIsAnonymousAndEverythingElseNeedsAToken()
    {
        QTemporaryDir dir;
        OrrerydProcess p(dir.path());
        QString error;
        QVERIFY2(p.start(&error), qPrintable(error));
        QCOMPARE(p.request("GET", QStringLiteral("/healthz"), {}, false).status, 200);
        QCOMPARE(p.request("GET", QStringLiteral("/api/metadata/workflow"), {}, false).status, 401);
        QCOMPARE(p.get(QStringLiteral("/api/metadata/workflow")).status, 200);
        QFile token(dir.filePath(QStringLiteral("admin-token")));
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
            | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        QVERIFY(token.permissions() & QFileDevice::ReadOwner);
        QCOMPARE(int(token.permissions() & others), 0);
        QCOMPARE(p.terminate(30000), 0);
        // no secret in the logs
        QFile log(dir.filePath(QStringLiteral("orreryd.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(!log.readAll().contains(p.token()));
    }

    void demoHealthCheckWorkflowRunsToCompletionOverHttp()
    {
        QTemporaryDir dir;
        OrrerydProcess p(dir.path());
        QString error;
        QVERIFY2(p.start(&error), qPrintable(error));
        const auto started = p.post(QStringLiteral("/api/workflow/health_check"), QJsonObject{});
        QCOMPARE(started.status, 200);
        QVERIFY(started.contentType.startsWith("text/plain"));
        const QString id = QString::fromUtf8(started.body);
        const QJsonObject wf = p.waitForWorkflow(id, 60000);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        const QJsonArray tasks = wf.value(QStringLiteral("tasks")).toArray();
        QCOMPARE(tasks.size(), 3);
        const QJsonObject http = tasks.at(0).toObject().value(QStringLiteral("outputData")).toObject();
        QCOMPARE(http.value(QStringLiteral("statusCode")).toInt(), 200);
        const QJsonObject probe = tasks.at(1).toObject().value(QStringLiteral("outputData")).toObject();
        QVERIFY(probe.value(QStringLiteral("healthy")).toBool());
        QCOMPARE(probe.value(QStringLiteral("checks")).toObject().value(QStringLiteral("disk")).toObject()
                     .value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(wf.value(QStringLiteral("output")).toObject().value(QStringLiteral("healthStatus")).toInt(), 200);

        // The profiling demo: profile (this server) -> analyze -> store a report -> notify.
        const auto prof = p.post(QStringLiteral("/api/workflow/nightly_profiling"),
                                 QJsonObject{{QStringLiteral("windowSeconds"), 1}, {QStringLiteral("intervalMs"), 200}});
        QCOMPARE(prof.status, 200);
        const QJsonObject pw = p.waitForWorkflow(QString::fromUtf8(prof.body), 60000);
        QCOMPARE(pw.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        const QJsonObject samples = pw.value(QStringLiteral("tasks")).toArray().first().toObject()
                                        .value(QStringLiteral("outputData")).toObject();
        QCOMPARE(samples.value(QStringLiteral("pid")).toInteger(), p.pid());
        QVERIFY(samples.value(QStringLiteral("samples")).toArray().size() >= 3);
        const QString report = pw.value(QStringLiteral("output")).toObject().value(QStringLiteral("report")).toString();
        QVERIFY2(QFile::exists(report), qPrintable(report));
        QCOMPARE(p.terminate(30000), 0);
    }

    void sigtermDrainsRunningTasksThenExitsZero()
    {
        QTemporaryDir dir;
        QString error;
        QString id;
        {
            OrrerydProcess p(dir.path(), {QStringLiteral("--drain-timeout"), QStringLiteral("20")});
            QVERIFY2(p.start(&error), qPrintable(error));
            const QJsonObject def{
                {QStringLiteral("name"), QStringLiteral("slow")},
                {QStringLiteral("tasks"),
                 QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("shell")},
                                        {QStringLiteral("taskReferenceName"), QStringLiteral("s")},
                                        {QStringLiteral("inputParameters"),
                                         QJsonObject{{QStringLiteral("argv"),
                                                      QJsonArray{QStringLiteral("sh"), QStringLiteral("-c"),
                                                                 QStringLiteral("sleep 1.5; echo finished")}}}}},
                            QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")},
                                        {QStringLiteral("taskReferenceName"), QStringLiteral("after")}}}}};
            QCOMPARE(p.post(QStringLiteral("/api/metadata/workflow"), def).status, 200);
            id = QString::fromUtf8(p.post(QStringLiteral("/api/workflow/slow"), {}).body);
            QThread::msleep(400); // the shell task is running
            QCOMPARE(p.terminate(30000), 0);
        }
        // The running task finished during the drain; nothing new was handed out after it.
        OrrerydProcess p(dir.path());
        QVERIFY2(p.start(&error), qPrintable(error));
        const QJsonObject wf = p.waitForWorkflow(id, 30000);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        const QJsonObject shell = wf.value(QStringLiteral("tasks")).toArray().first().toObject();
        QCOMPARE(shell.value(QStringLiteral("pollCount")).toInt(), 1); // not re-run after the restart
        QCOMPARE(shell.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("stdout")).toString(),
                 QStringLiteral("finished\n"));
        QCOMPARE(p.terminate(30000), 0);
    }

    void sigkillMidRunLosesNothingAndCompletesNothingTwice()
    {
        QTemporaryDir dir;
        QString error;
        QStringList ids;
        QString remoteTaskId;
        {
            OrrerydProcess p(dir.path(), {QStringLiteral("--local-concurrency"), QStringLiteral("4")});
            QVERIFY2(p.start(&error), qPrintable(error));
            QCOMPARE(p.post(QStringLiteral("/api/metadata/workflow"), killTestDef(dir.path())).status, 200);
            for (int i = 0; i < 20; ++i) {
                const auto r = p.post(QStringLiteral("/api/workflow/kill_test"), QJsonObject{{QStringLiteral("n"), i}});
                QCOMPARE(r.status, 200);
                ids.append(QString::fromUtf8(r.body));
            }
            // A remote worker takes a task of its own and holds the lease across the crash.
            QCOMPARE(p.post(QStringLiteral("/api/metadata/workflow"),
                            QJsonObject{{QStringLiteral("name"), QStringLiteral("remote_one")},
                                        {QStringLiteral("tasks"), QJsonArray{QJsonObject{
                                             {QStringLiteral("name"), QStringLiteral("remote_type")},
                                             {QStringLiteral("taskReferenceName"), QStringLiteral("r")}}}}})
                         .status,
                     200);
            const QString remoteWf = QString::fromUtf8(p.post(QStringLiteral("/api/workflow/remote_one"), {}).body);
            ids.append(remoteWf);
            const auto polled = p.get(QStringLiteral("/api/tasks/poll/batch/remote_type?workerid=ext&count=1&timeout=1000"));
            QCOMPARE(polled.status, 200);
            remoteTaskId = polled.json().array().first().toObject().value(QStringLiteral("taskId")).toString();
            QVERIFY(!remoteTaskId.isEmpty());
            QThread::msleep(700); // some shell tasks done, some running, most waiting
            p.kill();
        }
        OrrerydProcess p(dir.path(), {QStringLiteral("--local-concurrency"), QStringLiteral("4")});
        QVERIFY2(p.start(&error), qPrintable(error));
        {
            const QJsonObject result{{QStringLiteral("taskId"), remoteTaskId},
                                     {QStringLiteral("workflowInstanceId"), ids.last()},
                                     {QStringLiteral("workerId"), QStringLiteral("ext")},
                                     {QStringLiteral("status"), QStringLiteral("COMPLETED")},
                                     {QStringLiteral("outputData"), QJsonObject{{QStringLiteral("ok"), true}}}};
            QCOMPARE(p.post(QStringLiteral("/api/tasks"), result).status, 200);
            QCOMPARE(p.post(QStringLiteral("/api/tasks"), result).status, 409); // never completed twice
        }
        for (const QString &id : ids) {
            const QJsonObject wf = p.waitForWorkflow(id, 90000);
            QVERIFY2(wf.value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED"),
                     qPrintable(QJsonDocument(wf).toJson()));
            QHash<QString, int> completedPerRef;
            for (const QJsonValue &t : wf.value(QStringLiteral("tasks")).toArray())
                if (t.toObject().value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED"))
                    ++completedPerRef[t.toObject().value(QStringLiteral("referenceTaskName")).toString()];
            for (auto it = completedPerRef.begin(); it != completedPerRef.end(); ++it)
                QCOMPARE(it.value(), 1);
            QCOMPARE(completedPerRef.size(), id == ids.last() ? 1 : 3);
        }
        QCOMPARE(p.terminate(30000), 0);
    }
};

QTEST_GUILESS_MAIN(TestOrrerydProcess)
#include "test_orreryd_process.moc"
