// The job scheduler's operations and recovery in virtual time: run now, update/reschedule/delete,
// re-registration at start-up, flagged jobs, start failures, one-shot jobs, two schedulers on one
// store (compare-and-set claims), abandoned claims taken over, stop.
#include "SchedulerHarness.h"

using namespace orrery;
using namespace orrery::test;

namespace {
constexpr qint64 kSec = 1000;
constexpr qint64 kMin = 60 * kSec;
} // namespace

class TestSchedulerLifecycle : public QObject
{
    Q_OBJECT

private slots:
    void runNowFiresOutsideTheSchedule()
    {
        SchedulerHarness h;
        h.launcher.autoFinish = false;
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(h.scheduler->addJob(cronJob(QStringLiteral("d"), QStringLiteral("0 12 * * *"))).ok());
        const qint64 next = *h.scheduler->job(QStringLiteral("d"))->nextFireMs;
        h.runUntil(kT0 + 5 * kSec);
        auto run = h.scheduler->runNow(QStringLiteral("d"));
        QVERIFY(run.ok());
        QVERIFY(run->manual);
        h.pump();
        QCOMPARE(h.launcher.launches.size(), 1);
        QCOMPARE(h.launcher.launches[0].run.scheduledMs, kT0 + 5 * kSec);
        QCOMPARE(*h.scheduler->job(QStringLiteral("d"))->nextFireMs, next); // schedule untouched
        auto second = h.scheduler->runNow(QStringLiteral("d"));               // maxInstances 1, first still running
        QVERIFY(!second.ok());
        QCOMPARE(second.error().kind, Error::Kind::Conflict);
        const auto missed = h.eventsNamed(QStringLiteral("job_missed"));
        QCOMPARE(missed.size(), 1);
        QCOMPARE(missed[0].payload.value(QStringLiteral("reason")).toString(), QStringLiteral("max_instances"));
        QVERIFY(missed[0].payload.value(QStringLiteral("manual")).toBool());
        QCOMPARE(h.scheduler->runNow(QStringLiteral("nope")).error().kind, Error::Kind::NotFound);
    }

    void updateRescheduleAndDelete()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(h.scheduler->addJob(cronJob(QStringLiteral("u"), QStringLiteral("0 * * * *"))).ok());
        QCOMPARE(*h.timer.armedAt, kT0); // 00:00 is due now (start is inclusive of "now")
        h.runUntil(kT0 + 10 * kMin);
        JobDefinition renamed = cronJob(QStringLiteral("u"), QStringLiteral("0 * * * *"));
        renamed.name = QStringLiteral("renamed");
        auto updated = h.scheduler->updateJob(QStringLiteral("u"), renamed);
        QVERIFY(updated.ok());
        QCOMPARE(*updated->nextFireMs, kT0 + 60 * kMin); // same schedule: next fire kept
        QCOMPARE(updated->revision, 3);                 // added 1, fired 2, updated 3
        auto moved = h.scheduler->updateJob(QStringLiteral("u"), cronJob(QStringLiteral("u"), QStringLiteral("30 * * * *")));
        QVERIFY(moved.ok());
        QCOMPARE(*moved->nextFireMs, kT0 + 30 * kMin); // rescheduled from now
        QCOMPARE(*h.timer.armedAt, kT0 + 30 * kMin);
        QCOMPARE(h.eventsNamed(QStringLiteral("job_updated")).size(), 2);
        auto never = h.scheduler->updateJob(QStringLiteral("u"), cronJob(QStringLiteral("u"), QStringLiteral("0 0 30 2 *")));
        QVERIFY(!never.ok());
        QCOMPARE(never.error().fieldErrors.first().path, QStringLiteral("trigger"));

        QVERIFY(h.scheduler->removeJob(QStringLiteral("u")).ok());
        QVERIFY(!h.timer.armedAt);
        QCOMPARE(h.eventsNamed(QStringLiteral("job_removed")).size(), 1);
        h.runUntil(kT0 + 5 * 60 * kMin);
        QCOMPARE(h.launcher.launches.size(), 1);
        QCOMPARE(h.scheduler->job(QStringLiteral("u")).error().kind, Error::Kind::NotFound);
        QVERIFY(!h.store.loadJob(QStringLiteral("u")).value());
        QCOMPARE(h.scheduler->removeJob(QStringLiteral("u")).error().kind, Error::Kind::NotFound);
        QCOMPARE(h.scheduler->addJob(cronJob(QStringLiteral("x"), QStringLiteral("* * * * *"))).ok(), true);
        QCOMPARE(h.scheduler->addJob(cronJob(QStringLiteral("x"), QStringLiteral("* * * * *"))).error().kind,
                 Error::Kind::Conflict);
    }

    void reRegisteringAtStartUpNeverResetsTheSchedule()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        JobDefinition def = intervalJob(QStringLiteral("r"), kT0 + kMin, kMin);
        QCOMPARE(h.scheduler->ensureJob(def).value(), true);
        h.runUntil(kT0 + kMin);
        QVERIFY(h.scheduler->pauseJob(QStringLiteral("r")).ok());
        h.scheduler->stop();
        h.jump(kT0 + 90 * kSec);
        h.recreate(); // restart: the application registers its jobs again
        QVERIFY(h.scheduler->start().ok());
        QCOMPARE(h.scheduler->ensureJob(intervalJob(QStringLiteral("r"), kT0 + 85 * kSec, 5 * kSec)).value(), false);
        const Job r = h.scheduler->job(QStringLiteral("r")).value();
        QCOMPARE(*r.nextFireMs, kT0 + 2 * kMin);
        QCOMPARE(*r.lastFireMs, kT0 + kMin);
        QVERIFY(r.paused); // paused state survives restarts and re-registration
        QCOMPARE(r.def.trigger->toJson(), def.trigger->toJson());
    }

    void flaggedJobsAreKeptAndCanBeFixed()
    {
        SchedulerHarness h;
        Job broken;
        broken.def.id = QStringLiteral("broken");
        broken.revision = 1;
        broken.nextFireMs = kT0;
        broken.storedDefinition = QJsonObject{{QStringLiteral("name"), QStringLiteral("broken")}};
        broken.loadError = QStringLiteral("trigger.timezone: unknown time zone 'Mars/Olympus'");
        h.store.setStoredJob(broken);
        QVERIFY(h.scheduler->start().ok());
        QCOMPARE(h.eventsNamed(QStringLiteral("job_flagged")).size(), 1);
        QCOMPARE(h.scheduler->job(QStringLiteral("broken"))->stateName(), QStringLiteral("flagged"));
        QVERIFY(!h.timer.armedAt);
        QCOMPARE(h.scheduler->runNow(QStringLiteral("broken")).error().kind, Error::Kind::Conflict);
        h.runUntil(kT0 + kMin);
        QVERIFY(h.launcher.launches.isEmpty());
        QVERIFY(h.store.loadJob(QStringLiteral("broken")).value()); // never deleted
        auto fixed = h.scheduler->updateJob(QStringLiteral("broken"), cronJob(QStringLiteral("broken"), QStringLiteral("*/5 * * * *")));
        QVERIFY(fixed.ok());
        QCOMPARE(fixed->stateName(), QStringLiteral("scheduled"));
        h.runUntil(kT0 + 5 * kMin);
        QCOMPARE(h.launcher.launches.size(), 1);
    }

    void startFailuresAreRecordedOrDeferred()
    {
        SchedulerHarness h;
        h.launcher.failWith = Error::notFound(QStringLiteral("No such workflow defined. name=wf_s, version=null"));
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(h.scheduler->addJob(intervalJob(QStringLiteral("s"), kT0 + kSec, kMin)).ok());
        h.runUntil(kT0 + kSec);
        const auto failed = h.runsOf(QStringLiteral("s"), JobRun::Status::StartFailed);
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed[0].reason.contains(QLatin1String("No such workflow")));
        QCOMPARE(h.eventsNamed(QStringLiteral("job_error")).size(), 1);

        // The engine is shutting down: the claim is released (lease 0), and the next start fires it.
        h.launcher.failWith = Error::unavailable(QStringLiteral("The engine is shutting down"));
        h.runUntil(kT0 + kMin + kSec);
        const auto claimed = h.runsOf(QStringLiteral("s"), JobRun::Status::Claimed);
        QCOMPARE(claimed.size(), 1);
        QCOMPARE(claimed[0].leaseUntilMs, 0);
        h.scheduler->stop();
        h.launcher.failWith.reset();
        h.launcher.launches.clear();
        h.recreate();
        QVERIFY(h.scheduler->start().ok());
        h.runUntil(h.clock.nowMs());
        QCOMPARE(h.launcher.launches.size(), 1);
        QCOMPARE(h.launcher.launches[0].run.runId, claimed[0].runId); // the same run, not a new one
        QCOMPARE(h.runsOf(QStringLiteral("s"), JobRun::Status::Completed).size(), 1);
        QCOMPARE(h.runsOf(QStringLiteral("s"), JobRun::Status::Claimed).size(), 0);
    }

    void oneShotJobs()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        JobDefinition once;
        once.id = QStringLiteral("once");
        once.name = QStringLiteral("once");
        once.trigger = std::make_shared<DateTrigger>(kT0 + 5 * kSec);
        once.target.name = QStringLiteral("wf");
        QVERIFY(h.scheduler->addJob(once).ok());
        h.runUntil(kT0 + 10 * kSec);
        QCOMPARE(h.launcher.launches.size(), 1);
        QCOMPARE(h.eventsNamed(QStringLiteral("job_finished")).size(), 1);
        QCOMPARE(h.scheduler->job(QStringLiteral("once"))->stateName(), QStringLiteral("finished"));
        QVERIFY(!h.timer.armedAt);

        JobDefinition late = once; // a date a little in the past still runs (grace 60 s) ...
        late.id = QStringLiteral("late");
        late.trigger = std::make_shared<DateTrigger>(kT0 - 20 * kSec);
        QVERIFY(h.scheduler->addJob(late).ok());
        JobDefinition tooLate = once; // ... one beyond the grace is reported missed
        tooLate.id = QStringLiteral("too-late");
        tooLate.trigger = std::make_shared<DateTrigger>(kT0 - 120 * kSec);
        QVERIFY(h.scheduler->addJob(tooLate).ok());
        h.runUntil(h.clock.nowMs());
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("late")).size(), 1);
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("too-late")).size(), 0);
        QCOMPARE(h.runsOf(QStringLiteral("too-late"), JobRun::Status::Missed).size(), 1);
    }

    void anIntervalJobStartedFromNowRunsAtOnce()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        // The REST route read the clock a few ms before the scheduler does: still the first run.
        auto added = h.scheduler->addJob(intervalJob(QStringLiteral("now"), h.clock.nowMs() - 7, kMin));
        QVERIFY(added.ok());
        QCOMPARE(*added->nextFireMs, h.clock.nowMs() - 7);
        h.runUntil(h.clock.nowMs());
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("now")).size(), 1);
        // A start further back than that follows the grid from now on.
        added = h.scheduler->addJob(intervalJob(QStringLiteral("old"), h.clock.nowMs() - 5 * kSec, kMin));
        QVERIFY(added.ok());
        QCOMPARE(*added->nextFireMs, h.clock.nowMs() - 5 * kSec + kMin);
    }

    void outcomesAreRecorded()
    {
        SchedulerHarness h;
        h.launcher.autoFinish = false;
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(h.scheduler->addJob(intervalJob(QStringLiteral("o"), kT0 + kSec, kMin)).ok());
        h.runUntil(kT0 + kSec);
        h.launcher.finish(0, JobRun::Status::Failed);
        h.pump();
        const auto runs = h.scheduler->recentRuns(QStringLiteral("o"), 10).value();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].status, JobRun::Status::Failed);
        QCOMPARE(runs[0].workflowId, QStringLiteral("wf-") + runs[0].runId);
        const auto finished = h.eventsNamed(QStringLiteral("job_run_finished"));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0].payload.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
    }

    void historyIsTrimmed()
    {
        SchedulerConfig config;
        config.historyLimit = 10;
        config.pruneEvery = 5;
        SchedulerHarness h(config);
        h.launcher.autoFinish = true;
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(h.scheduler->addJob(intervalJob(QStringLiteral("h"), kT0 + kSec, kSec)).ok());
        h.runUntil(kT0 + 100 * kSec);
        QCOMPARE(h.launcher.launches.size(), 100);
        QVERIFY(h.store.allRuns(QStringLiteral("h")).size() <= 15);
        QCOMPARE(h.scheduler->recentRuns(QStringLiteral("h"), 1)->first().scheduledMs, kT0 + 100 * kSec);
    }

    void twoSchedulersOnOneStoreFireEachInstantOnce()
    {
        SchedulerHarness h;
        ManualSchedulerTimer timer2;
        RecordingLauncher launcher2(&h.clock);
        SchedulerConfig other;
        other.instanceId = QStringLiteral("other");
        Scheduler second(&h.store, &launcher2, &timer2, &h.clock, other);
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(second.start().ok());
        QVERIFY(h.scheduler->addJob(intervalJob(QStringLiteral("shared"), kT0 + 10 * kSec, 10 * kSec)).ok());
        second.reloadJob(QStringLiteral("shared")); // what the change notification does
        QCOMPARE(*timer2.armedAt, kT0 + 10 * kSec);
        for (int k = 1; k <= 20; ++k) {
            h.clock.setMs(kT0 + k * 10 * kSec);
            if (k % 2) { // both wake for every instant, in either order
                second.processDue();
                h.scheduler->processDue();
            } else {
                h.scheduler->processDue();
                second.processDue();
            }
            h.pump();
        }
        QList<qint64> all = h.launcher.scheduledOf(QStringLiteral("shared")) + launcher2.scheduledOf(QStringLiteral("shared"));
        std::sort(all.begin(), all.end());
        QList<qint64> expected;
        for (int k = 1; k <= 20; ++k)
            expected.append(kT0 + k * 10 * kSec);
        QCOMPARE(all, expected); // every instant exactly once
        QCOMPARE(h.launcher.launches.size(), 10);
        QCOMPARE(launcher2.launches.size(), 10);
        QCOMPARE(h.store.allRuns(QStringLiteral("shared")).size(), 20);
    }

    void abandonedClaimsAreTakenOver()
    {
        SchedulerHarness h;
        h.launcher.autoFinish = false;
        JobDefinition def = intervalJob(QStringLiteral("t"), kT0 + kMin, kMin);
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(h.scheduler->addJob(def).ok());
        h.scheduler->stop();
        // A dead instance had claimed two runs (its lease runs out at T0 + 5 s) but started only one.
        JobCommit c;
        c.jobId = QStringLiteral("t");
        c.updateJob = false;
        for (int i = 0; i < 2; ++i) {
            JobRun run;
            run.runId = QStringLiteral("dead-%1").arg(i);
            run.jobId = QStringLiteral("t");
            run.scheduledMs = run.plannedMs = run.lastScheduledMs = kT0 - 10 * kSec + i;
            run.instanceId = QStringLiteral("dead");
            run.leaseUntilMs = kT0 + 5 * kSec;
            c.runs.append(run);
        }
        QVERIFY(h.store.commit({c}).ok());
        JobRun started = c.runs[1];
        h.store.addKnownWorkflow(started.correlationId(), QStringLiteral("wf-started-before"));

        h.recreate();
        QVERIFY(h.scheduler->start().ok());
        QCOMPARE(*h.timer.armedAt, kT0 + 5 * kSec); // armed for the lease, not polling
        h.runUntil(kT0 + 4 * kSec);
        QVERIFY(h.launcher.launches.isEmpty()); // still leased to its instance
        h.runUntil(kT0 + 6 * kSec);
        QCOMPARE(h.launcher.launches.size(), 1); // the unstarted one is fired, by the same run id
        QCOMPARE(h.launcher.launches[0].run.runId, QStringLiteral("dead-0"));
        const auto running = h.runsOf(QStringLiteral("t"), JobRun::Status::Running);
        QCOMPARE(running.size(), 2);
        for (const JobRun &r : running)
            if (r.runId == QLatin1String("dead-1"))
                QCOMPARE(r.workflowId, QStringLiteral("wf-started-before")); // adopted, not started twice
    }

    void stopStopsFiring()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(h.scheduler->addJob(intervalJob(QStringLiteral("s"), kT0 + kSec, kSec)).ok());
        h.runUntil(kT0 + 3 * kSec);
        h.scheduler->stop();
        QVERIFY(!h.timer.armedAt);
        h.scheduler->processDue(); // a late timer tick after stop does nothing
        h.runUntil(kT0 + 10 * kSec);
        QCOMPARE(h.launcher.launches.size(), 3);
        QCOMPARE(*h.store.loadJob(QStringLiteral("s")).value()->nextFireMs, kT0 + 4 * kSec); // stays due in the store
    }
};

QTEST_GUILESS_MAIN(TestSchedulerLifecycle)
#include "test_scheduler_lifecycle.moc"
