// The scheduler's launcher in client mode against an in-memory server: a run starts on the
// server, its end is read back; after a restart the runs still RUNNING in the job store are
// adopted and their end recorded the same way (a run the server does not know is left alone).
#include "FakeTransport.h"

#include "conductor/ConductorClient.h"
#include "conductor/RemoteJobLauncher.h"
#include "core/Clock.h"

#include <QJsonDocument>
#include <QTest>

using namespace orrery;
using orrery::test::FakeTransport;

namespace {

ConductorSettings settings()
{
    ConductorSettings s;
    s.url = QStringLiteral("http://127.0.0.1:9");
    s.workerId = QStringLiteral("w1");
    return s;
}

struct RecordingSink final : JobRunSink
{
    struct End
    {
        QString jobId, runId, workflowId;
        JobRun::Status status;
        QJsonObject detail;
    };
    QList<QPair<QString, QString>> started; // runId -> workflow id or error
    QList<End> ended;
    void runStarted(const QString &runId, Result<QString> workflowId) override
    {
        started.append({runId, workflowId.ok() ? workflowId.value() : QStringLiteral("error: ") + workflowId.error().message});
    }
    void runFinished(const QString &jobId, const QString &runId, const QString &workflowId, JobRun::Status status,
                     const QJsonObject &detail) override
    {
        ended.append({jobId, runId, workflowId, status, detail});
    }
};

JobRun runningRun(const QString &runId, const QString &workflowId)
{
    JobRun run;
    run.jobId = QStringLiteral("job-1");
    run.runId = runId;
    run.status = JobRun::Status::Running;
    run.workflowId = workflowId;
    return run;
}

} // namespace

class TestRemoteJobLauncher : public QObject
{
    Q_OBJECT

private slots:
    void startsOnTheServerAndReadsTheEndBack()
    {
        ManualClock clock;
        FakeTransport transport;
        QString status = QStringLiteral("RUNNING");
        transport.responder = [&](const ConductorRequest &r) {
            if (r.method == "POST" && r.path == QLatin1String("/api/workflow"))
                return FakeTransport::reply(200, "wf-1");
            return FakeTransport::reply(200, QJsonDocument(QJsonObject{{QStringLiteral("status"), status}}).toJson());
        };
        ConductorClient client(settings(), &transport, &clock);
        RemoteJobLauncher launcher(&client);
        auto sink = std::make_shared<RecordingSink>();
        JobTarget target;
        target.kind = JobTarget::Kind::Workflow;
        target.name = QStringLiteral("flow");
        JobRun run = runningRun(QStringLiteral("run-1"), QString());
        launcher.launch(run, target, QStringLiteral("nightly"), sink);
        QTRY_COMPARE(transport.pendingCount(), 1);
        const QJsonObject body = QJsonDocument::fromJson(transport.sent.first().body).object();
        QCOMPARE(body.value(QStringLiteral("correlationId")).toString(), run.correlationId());
        QCOMPARE(body.value(QStringLiteral("createdBy")).toString(), QStringLiteral("scheduler:nightly"));
        transport.flush();
        QCOMPARE(sink->started.size(), 1);
        QCOMPARE(sink->started.first().second, QStringLiteral("wf-1"));
        QCOMPARE(launcher.watched(), 1);
        launcher.checkWatched();
        transport.flush();
        QVERIFY(sink->ended.isEmpty()); // still RUNNING
        status = QStringLiteral("COMPLETED");
        launcher.checkWatched();
        transport.flush();
        QCOMPARE(sink->ended.size(), 1);
        QCOMPARE(sink->ended.first().status, JobRun::Status::Completed);
        QCOMPARE(sink->ended.first().detail.value(QStringLiteral("source")).toString(), QStringLiteral("remote"));
        QCOMPARE(launcher.watched(), 0);
    }

    // After a restart: the runs RUNNING in the job store are watched again.
    void adoptedRunsAreWatchedAgain()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [&](const ConductorRequest &r) {
            if (r.path.startsWith(QLatin1String("/api/workflow/wf-failed")))
                return FakeTransport::reply(200, R"({"status":"FAILED","reasonForIncompletion":"boom"})");
            if (r.path.startsWith(QLatin1String("/api/workflow/wf-local")))
                return FakeTransport::reply(404, R"({"message":"not found"})");
            return FakeTransport::reply(200, R"({"status":"RUNNING"})");
        };
        ConductorClient client(settings(), &transport, &clock);
        RemoteJobLauncher launcher(&client);
        auto sink = std::make_shared<RecordingSink>();
        launcher.adopt(runningRun(QStringLiteral("run-a"), QStringLiteral("wf-failed")), sink);
        launcher.adopt(runningRun(QStringLiteral("run-b"), QStringLiteral("wf-local")), sink);
        launcher.adopt(runningRun(QStringLiteral("run-c"), QStringLiteral("wf-running")), sink);
        launcher.adopt(runningRun(QStringLiteral("run-a"), QStringLiteral("wf-failed")), sink); // twice: once
        launcher.adopt(runningRun(QStringLiteral("run-d"), QString()), sink);                  // never started
        QTRY_COMPARE(launcher.watched(), 3);
        launcher.checkWatched();
        transport.flush();
        QCOMPARE(sink->ended.size(), 1);
        QCOMPARE(sink->ended.first().runId, QStringLiteral("run-a"));
        QCOMPARE(sink->ended.first().jobId, QStringLiteral("job-1"));
        QCOMPARE(sink->ended.first().workflowId, QStringLiteral("wf-failed"));
        QCOMPARE(sink->ended.first().status, JobRun::Status::Failed);
        QCOMPARE(sink->ended.first().detail.value(QStringLiteral("reason")).toString(), QStringLiteral("boom"));
        QCOMPARE(sink->ended.first().detail.value(QStringLiteral("source")).toString(), QStringLiteral("remote"));
        QCOMPARE(launcher.watched(), 1); // wf-local dropped unrecorded, wf-running still watched
        QVERIFY(sink->started.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRemoteJobLauncher)
#include "test_remote_job_launcher.moc"
