// SqlJobStore on SQLite and on PostgreSQL (the same contract as MemoryJobStore): compare-and-set
// claims, one run per nominal instant, instance limits, run progress, history trimming, claims and
// leases, flagged rows, change notifications between instances (PostgreSQL), a Scheduler on top,
// and the cleanup action's purge of finished executions.
#include "SchedulerHarness.h"
#include "scheduler/JobCodec.h"
#include "scheduler/SqlJobStore.h"
#include "scheduler/WorkflowRetention.h"
#include "store/Store.h"
#include "support/PgTestServer.h"

#include <QSqlQuery>
#include <QTemporaryDir>

using namespace orrery;
using namespace orrery::test;

namespace {

Job makeJob(const QString &id, const QString &expr, qint64 next)
{
    auto def = JobCodec::parseDefinition(
        QJsonObject{{QStringLiteral("id"), id},
                    {QStringLiteral("name"), id},
                    {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("cron")},
                                                            {QStringLiteral("expression"), expr},
                                                            {QStringLiteral("timezone"), QStringLiteral("Europe/Berlin")}}},
                    {QStringLiteral("target"), QJsonObject{{QStringLiteral("name"), QStringLiteral("wf")},
                                                           {QStringLiteral("input"), QJsonObject{{QStringLiteral("k"), QStringLiteral("v\u00e9")}}}}}},
        0);
    Job job;
    job.def = def.value();
    job.nextFireMs = next;
    job.createdMs = job.updatedMs = kT0;
    return job;
}

JobRun claimRun(const QString &runId, const QString &jobId, qint64 scheduled, qint64 leaseUntil)
{
    JobRun run;
    run.runId = runId;
    run.jobId = jobId;
    run.scheduledMs = run.plannedMs = run.lastScheduledMs = scheduled;
    run.instanceId = QStringLiteral("me");
    run.leaseUntilMs = leaseUntil;
    return run;
}

} // namespace

class TestSqlJobStore : public QObject
{
    Q_OBJECT

public:
    explicit TestSqlJobStore(bool postgres) : m_postgres(postgres) {}

private:
    bool m_postgres;
    PgTestServer m_pg;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_url;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SqlJobStore> m_jobs;

    std::unique_ptr<Store> openStore()
    {
        auto s = Store::open(StoreConfig{m_url});
        if (!s) {
            qWarning().noquote() << s.error().message;
            return nullptr;
        }
        return std::move(s).value();
    }

private slots:
    void initTestCase()
    {
        if (m_postgres)
            ORRERY_REQUIRE_PG(m_pg);
    }

    void init()
    {
        if (m_postgres) {
            m_url = m_pg.createDatabase();
        } else {
            m_dir = std::make_unique<QTemporaryDir>();
            m_url = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("orrery.db"));
        }
        m_store = openStore();
        QVERIFY(m_store);
        m_jobs = std::make_unique<SqlJobStore>(m_store.get());
        QVERIFY(m_jobs->open().ok());
        QCOMPARE(m_jobs->shared(), m_postgres);
    }

    void cleanup()
    {
        m_jobs.reset();
        if (m_store)
            m_store->close();
        m_store.reset();
        if (m_postgres)
            m_pg.dropDatabase(m_url);
        m_dir.reset();
    }

    void jobsRoundTripWithCompareAndSet()
    {
        Job job = makeJob(QStringLiteral("a"), QStringLiteral("30 2 * * *"), kT0 + 1000);
        QCOMPARE(m_jobs->insertJob(job).value(), true);
        QCOMPARE(m_jobs->insertJob(job).value(), false);
        Job loaded = m_jobs->loadJob(QStringLiteral("a")).value().value();
        QVERIFY(!loaded.flagged());
        QCOMPARE(loaded.revision, 1);
        QCOMPARE(*loaded.nextFireMs, kT0 + 1000);
        QVERIFY(!loaded.lastFireMs);
        QCOMPARE(loaded.def.trigger->toJson(), job.def.trigger->toJson());
        QCOMPARE(loaded.def.target.input, job.def.target.input);
        loaded.paused = true;
        QCOMPARE(m_jobs->replaceJob(loaded, 1).value(), true);
        QCOMPARE(m_jobs->replaceJob(loaded, 1).value(), false); // revision moved on
        QCOMPARE(m_jobs->loadJob(QStringLiteral("a")).value()->revision, 2);
        QVERIFY(m_jobs->loadJob(QStringLiteral("a")).value()->paused);
        QCOMPARE(m_jobs->loadJobs()->size(), 1);
        QCOMPARE(m_jobs->removeJob(QStringLiteral("a")).value(), true);
        QCOMPARE(m_jobs->removeJob(QStringLiteral("a")).value(), false);
        QVERIFY(!m_jobs->loadJob(QStringLiteral("a")).value());
    }

    void claimsApplyOnceAndRespectInstanceLimits()
    {
        QVERIFY(m_jobs->insertJob(makeJob(QStringLiteral("c"), QStringLiteral("* * * * *"), kT0)).value());
        JobCommit c;
        c.jobId = QStringLiteral("c");
        c.expectedRevision = 1;
        c.nextFireMs = kT0 + 60'000;
        c.lastFireMs = kT0;
        c.updatedMs = kT0;
        c.maxInstances = 1;
        c.runs = {claimRun(QStringLiteral("r1"), QStringLiteral("c"), kT0, kT0 + 15'000)};
        auto firstResult = m_jobs->commit({c});
        QVERIFY2(firstResult.ok(), qPrintable(firstResult.ok() ? QString() : firstResult.error().message));
        auto first = firstResult.value();
        QVERIFY(first[0].applied);
        QCOMPARE(first[0].newRevision, 2);
        QCOMPARE(first[0].runs.size(), 1);
        auto again = m_jobs->commit({c}).value(); // a second claimer with the same expectation
        QVERIFY(!again[0].applied);
        QVERIFY(again[0].runs.isEmpty());

        JobCommit same = c; // the same instant recorded twice: the unique index refuses it
        same.updateJob = false;
        same.maxInstances = 0;
        same.runs = {claimRun(QStringLiteral("r1b"), QStringLiteral("c"), kT0, kT0 + 15'000)};
        QVERIFY(m_jobs->commit({same}).value()[0].runs.isEmpty());

        JobCommit next = c; // the next instant while r1 still runs: over the limit
        next.expectedRevision = 2;
        next.runs = {claimRun(QStringLiteral("r2"), QStringLiteral("c"), kT0 + 60'000, kT0 + 75'000)};
        auto limited = m_jobs->commit({next}).value();
        QVERIFY(limited[0].applied);
        QCOMPARE(limited[0].runs[0].status, JobRun::Status::Missed);
        QCOMPARE(limited[0].runs[0].reason, QStringLiteral("max_instances"));
        const Job c3 = m_jobs->loadJob(QStringLiteral("c")).value().value();
        QCOMPARE(c3.revision, 3);
        QCOMPARE(*c3.lastFireMs, kT0);
    }

    void runProgressHistoryAndLeases()
    {
        QVERIFY(m_jobs->insertJob(makeJob(QStringLiteral("r"), QStringLiteral("* * * * *"), kT0)).value());
        JobCommit c;
        c.jobId = QStringLiteral("r");
        c.updateJob = false;
        for (int i = 0; i < 6; ++i)
            c.runs.append(claimRun(QStringLiteral("run%1").arg(i), QStringLiteral("r"), kT0 + i * 60'000, kT0 + 1000 * (i + 1)));
        QCOMPARE(m_jobs->commit({c}).value()[0].runs.size(), 6);
        QCOMPARE(*m_jobs->earliestClaimLease().value(), kT0 + 1000);
        QList<RunUpdate> updates;
        for (int i = 0; i < 4; ++i) {
            RunUpdate u{QStringLiteral("run%1").arg(i)};
            u.status = JobRun::Status::Completed;
            u.workflowId = QStringLiteral("wf%1").arg(i);
            u.endedMs = kT0 + 5;
            u.detail = QJsonObject{{QStringLiteral("n"), i}};
            updates.append(u);
        }
        RunUpdate late{QStringLiteral("run0")}; // a start report after the end must not undo it
        late.status = JobRun::Status::Running;
        late.onlyIfInFlight = true;
        updates.append(late);
        QVERIFY(m_jobs->updateRuns(updates).ok());
        const QList<JobRun> recent = m_jobs->recentRuns(QStringLiteral("r"), 10).value();
        QCOMPARE(recent.size(), 6);
        QCOMPARE(recent.first().runId, QStringLiteral("run5")); // newest first
        QCOMPARE(recent.last().status, JobRun::Status::Completed);
        QCOMPARE(recent.last().workflowId, QStringLiteral("wf0"));
        QCOMPARE(recent.last().detail.value(QStringLiteral("n")).toInt(), 0);

        QVERIFY(m_jobs->pruneRuns(QStringLiteral("r"), 2).ok()); // 2 of 4 finished kept, in-flight kept
        QCOMPARE(m_jobs->recentRuns(QStringLiteral("r"), 10)->size(), 4);

        const QList<JobRun> expired = m_jobs->expiredClaims(kT0 + 5500, 10).value();
        QCOMPARE(expired.size(), 1); // run4 (lease +5 s); run5's lease (+6 s) still holds
        QCOMPARE(expired[0].runId, QStringLiteral("run4"));
        QCOMPARE(m_jobs->takeOverClaim(QStringLiteral("run4"), QStringLiteral("other"), kT0 + 5500, kT0 + 20'000).value(), true);
        QCOMPARE(m_jobs->takeOverClaim(QStringLiteral("run4"), QStringLiteral("third"), kT0 + 5500, kT0 + 20'000).value(), false);
        QCOMPARE(m_jobs->expiredClaims(kT0 + 5500, 10)->size(), 0);
        QVERIFY(!m_jobs->workflowForCorrelation(QStringLiteral("job:r:run4")).value());
    }

    void unreadableDefinitionsAreFlaggedNotDropped()
    {
        auto db = m_store->openModuleConnection(QStringLiteral("test-raw"));
        QVERIFY(db.ok());
        {
            QSqlQuery q(*db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO scheduler_jobs (id, name, definition, next_fire, created, updated) VALUES "
                                          "('bad', 'bad', '{\"name\":\"bad\",\"trigger\":{\"type\":\"cron\",\"expression\":\"0 2 * * *\","
                                          "\"timezone\":\"Mars/Olympus\"},\"target\":{\"name\":\"wf\"}}', 0, 0, 0)")));
        }
        *db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("test-raw"));
        const QList<Job> jobs = m_jobs->loadJobs().value();
        QCOMPARE(jobs.size(), 1);
        QVERIFY(jobs[0].flagged());
        QVERIFY2(jobs[0].loadError.contains(QLatin1String("trigger.timezone")), qPrintable(jobs[0].loadError));
        QCOMPARE(jobs[0].storedDefinition.value(QStringLiteral("name")).toString(), QStringLiteral("bad"));
        Job paused = jobs[0];
        paused.paused = true;
        QCOMPARE(m_jobs->replaceJob(paused, paused.revision).value(), true); // state changes, the text stays
        const Job again = m_jobs->loadJob(QStringLiteral("bad")).value().value();
        QVERIFY(again.paused && again.flagged());
        QCOMPARE(again.storedDefinition, jobs[0].storedDefinition);
    }

    void schedulerOnTheDatabase()
    {
        SchedulerHarness h; // for its clock, timer and launcher; the store is the database here
        Scheduler s(m_jobs.get(), &h.launcher, &h.timer, &h.clock, SchedulerConfig{QStringLiteral("db-1")});
        QVERIFY(s.start().ok());
        QVERIFY(s.addJob(intervalJob(QStringLiteral("i"), kT0 + 1000, 1000)).ok());
        for (int k = 1; k <= 5; ++k) {
            h.clock.setMs(kT0 + k * 1000);
            s.processDue();
            h.pump();
        }
        QCOMPARE(h.launcher.launches.size(), 5);
        const QList<JobRun> runs = s.recentRuns(QStringLiteral("i"), 10).value();
        QCOMPARE(runs.size(), 5);
        for (const JobRun &r : runs)
            QCOMPARE(r.status, JobRun::Status::Completed);
        s.stop();
        // Restart with the same database: next fire time from the store, catch-up by the rules.
        h.clock.setMs(kT0 + 10'500);
        Scheduler again(m_jobs.get(), &h.launcher, &h.timer, &h.clock, SchedulerConfig{QStringLiteral("db-2")});
        QVERIFY(again.start().ok());
        QCOMPARE(*again.job(QStringLiteral("i"))->nextFireMs, kT0 + 6000);
        again.processDue();
        h.pump();
        QCOMPARE(h.launcher.launches.size(), 6); // latest of 6..10 s fired, 4 coalesced
        QCOMPARE(h.launcher.launches.last().run.scheduledMs, kT0 + 10'000);
        int missed = 0;
        for (const JobRun &r : again.recentRuns(QStringLiteral("i"), 20).value())
            missed += r.status == JobRun::Status::Missed;
        QCOMPARE(missed, 4);
    }

    void twoInstancesClaimEachInstantOnce()
    {
        SqlJobStore second(m_store.get(), QStringLiteral("orrery-scheduler-2"));
        QVERIFY(second.open().ok());
        QStringList heard;
        second.setExternalChangeHandler([&heard](const QString &id) { heard << id; });
        SchedulerHarness h;
        RecordingLauncher launcher2(&h.clock);
        ManualSchedulerTimer timer2;
        Scheduler a(m_jobs.get(), &h.launcher, &h.timer, &h.clock, SchedulerConfig{QStringLiteral("a")});
        Scheduler b(&second, &launcher2, &timer2, &h.clock, SchedulerConfig{QStringLiteral("b")});
        QVERIFY(a.start().ok());
        QVERIFY(a.addJob(intervalJob(QStringLiteral("x"), kT0 + 1000, 1000)).ok());
        if (m_postgres)
            QTRY_VERIFY_WITH_TIMEOUT(heard.contains(QStringLiteral("x")), 5000); // NOTIFY reached the other instance
        QVERIFY(b.start().ok());
        for (int k = 1; k <= 30; ++k) {
            h.clock.setMs(kT0 + k * 1000);
            (k % 3 ? a : b).processDue();
            (k % 3 ? b : a).processDue();
            h.pump();
        }
        QCOMPARE(h.launcher.launches.size() + launcher2.launches.size(), 30);
        QVERIFY(launcher2.launches.size() > 0 && h.launcher.launches.size() > 0);
        QCOMPARE(m_jobs->recentRuns(QStringLiteral("x"), 100)->size(), 30);
    }

    void retentionPurgesOldFinishedExecutions()
    {
        auto wf = [](const QString &id, WorkflowStatus status, qint64 end) {
            Workflow w;
            w.workflowId = id;
            w.workflowName = QStringLiteral("demo");
            w.status = status;
            w.createTime = end - 1000;
            w.updateTime = w.endTime = end;
            return w;
        };
        const qint64 day = 86'400'000;
        m_store->saveWorkflow(wf(QStringLiteral("old-done"), WorkflowStatus::Completed, kT0 - 40 * day));
        m_store->saveWorkflow(wf(QStringLiteral("old-failed"), WorkflowStatus::Failed, kT0 - 31 * day));
        m_store->saveWorkflow(wf(QStringLiteral("old-terminated"), WorkflowStatus::Terminated, kT0 - 40 * day));
        m_store->saveWorkflow(wf(QStringLiteral("recent-done"), WorkflowStatus::Completed, kT0 - 2 * day));
        Workflow running = wf(QStringLiteral("old-running"), WorkflowStatus::Running, 0);
        running.updateTime = kT0 - 50 * day;
        m_store->saveWorkflow(running);
        QVERIFY(m_store->flush().ok());
        auto result = WorkflowRetention::purge(m_store.get(), WorkflowRetention::defaultStatuses(), kT0 - 30 * day, 1);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(result->value(QStringLiteral("workflows")).toInt(), 2);
        QVERIFY(!m_store->loadWorkflow(QStringLiteral("old-done")).value());
        QVERIFY(!m_store->loadWorkflow(QStringLiteral("old-failed")).value());
        QVERIFY(m_store->loadWorkflow(QStringLiteral("old-terminated")).value()); // not in the statuses
        QVERIFY(m_store->loadWorkflow(QStringLiteral("recent-done")).value());
        QVERIFY(m_store->loadWorkflow(QStringLiteral("old-running")).value());
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int failures = 0;
    {
        TestSqlJobStore sqlite(false);
        failures += QTest::qExec(&sqlite, argc, argv);
    }
    {
        TestSqlJobStore postgres(true);
        failures += QTest::qExec(&postgres, argc, argv);
    }
    return failures;
}

#include "test_sql_job_store.moc"
