// The job scheduler's run-time policies in virtual time (ManualClock + a timer the test fires):
// one timer for the earliest run, misfire grace, coalescing after downtime, max instances, jitter,
// pause/resume both ways, and job-level DST behaviour.
#include "SchedulerHarness.h"

#include <QSet>

using namespace orrery;
using namespace orrery::test;

namespace {
constexpr qint64 kSec = 1000;
constexpr qint64 kMin = 60 * kSec;
} // namespace

class TestSchedulerPolicies : public QObject
{
    Q_OBJECT

private slots:
    void firesOnScheduleWithOneTimer()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(!h.timer.armedAt); // nothing due: idle, no timer at all
        QVERIFY(h.scheduler->addJob(intervalJob(QStringLiteral("a"), kT0 + 10 * kSec, 10 * kSec)).ok());
        QCOMPARE(*h.timer.armedAt, kT0 + 10 * kSec);
        QVERIFY(h.scheduler->addJob(intervalJob(QStringLiteral("b"), kT0 + 3 * kSec, 7 * kSec)).ok());
        QCOMPARE(*h.timer.armedAt, kT0 + 3 * kSec);

        h.runUntil(kT0 + 30 * kSec);
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("a")),
                 (QList<qint64>{kT0 + 10 * kSec, kT0 + 20 * kSec, kT0 + 30 * kSec}));
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("b")),
                 (QList<qint64>{kT0 + 3 * kSec, kT0 + 10 * kSec, kT0 + 17 * kSec, kT0 + 24 * kSec}));
        for (const auto &l : h.launcher.launches)
            QCOMPARE(l.atMs, l.run.scheduledMs); // dispatched exactly when due
        const auto fired = h.eventsNamed(QStringLiteral("job_fired"));
        QCOMPARE(fired.size(), 7);
        for (const EngineEvent &e : fired) {
            QCOMPARE(e.payload.value(QStringLiteral("latenessMs")).toDouble(), 0.0);
            QVERIFY(e.payload.value(QStringLiteral("workflowId")).toString().startsWith(QLatin1String("wf-")));
        }
        QCOMPARE(*h.timer.armedAt, kT0 + 31 * kSec); // b's next run: the earliest of all
        const Job a = h.store.loadJob(QStringLiteral("a")).value().value();
        QCOMPARE(*a.lastFireMs, kT0 + 30 * kSec);
        QCOMPARE(*a.nextFireMs, kT0 + 40 * kSec);
        QCOMPARE(h.runsOf(QStringLiteral("a"), JobRun::Status::Completed).size(), 3);
    }

    void misfireGraceDecidesLateRuns()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        JobDefinition def = intervalJob(QStringLiteral("g"), kT0 + kMin, kMin);
        def.misfireGraceSeconds = 10;
        QVERIFY(h.scheduler->addJob(def).ok());
        h.jump(kT0 + kMin + 11 * kSec); // the process was blocked for 11 s past the run
        h.scheduler->processDue();
        h.pump();
        QVERIFY(h.launcher.launches.isEmpty());
        auto missed = h.eventsNamed(QStringLiteral("job_missed"));
        QCOMPARE(missed.size(), 1);
        QCOMPARE(missed[0].payload.value(QStringLiteral("reason")).toString(), QStringLiteral("misfire_grace_exceeded"));
        QCOMPARE(h.runsOf(QStringLiteral("g"), JobRun::Status::Missed).size(), 1);

        h.jump(kT0 + 2 * kMin + 10 * kSec); // exactly at the grace limit: still fires
        h.scheduler->processDue();
        h.pump();
        QCOMPARE(h.launcher.launches.size(), 1);
        QCOMPARE(h.eventsNamed(QStringLiteral("job_fired"))[0].payload.value(QStringLiteral("latenessMs")).toDouble(), 10000.0);
    }

    void coalescesAfterDowntime_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<std::optional<int>>("grace");
        QTest::addColumn<QList<qint64>>("fired");
        QTest::addColumn<QList<qint64>>("missed");
        QTest::addColumn<QString>("reason");
        auto at = [](int minutes) { return kT0 + minutes * kMin; };
        QTest::newRow("latest") << "latest" << std::optional<int>() << QList<qint64>{at(6)}
                                << QList<qint64>{at(2), at(3), at(4), at(5)} << "coalesced";
        QTest::newRow("earliest") << "earliest" << std::optional<int>() << QList<qint64>{at(2)}
                                  << QList<qint64>{at(3), at(4), at(5), at(6)} << "coalesced";
        QTest::newRow("all, unlimited grace") << "all" << std::optional<int>()
                                              << QList<qint64>{at(2), at(3), at(4), at(5), at(6)} << QList<qint64>{} << "";
        QTest::newRow("all, grace 150 s") << "all" << std::optional<int>(150) << QList<qint64>{at(4), at(5), at(6)}
                                          << QList<qint64>{at(2), at(3)} << "misfire_grace_exceeded";
        QTest::newRow("latest, grace 30 s") << "latest" << std::optional<int>(30) << QList<qint64>{at(6)}
                                            << QList<qint64>{at(2), at(3), at(4), at(5)} << "coalesced";
        QTest::newRow("earliest, grace 30 s") << "earliest" << std::optional<int>(30) << QList<qint64>{}
                                              << QList<qint64>{at(2), at(3), at(4), at(5), at(6)} << "misfire_grace_exceeded";
    }

    // Restart catch-up: the store keeps next/last fire times; after 5 minutes down the overdue runs go
    // through coalesce + grace, and every dropped one is recorded and announced.
    void coalescesAfterDowntime()
    {
        QFETCH(QString, policy);
        QFETCH(std::optional<int>, grace);
        QFETCH(QList<qint64>, fired);
        QFETCH(QList<qint64>, missed);
        QFETCH(QString, reason);
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        JobDefinition def = intervalJob(QStringLiteral("c"), kT0 + kMin, kMin);
        def.coalesce = *parseCoalesce(policy);
        def.misfireGraceSeconds = grace;
        def.maxInstances = 0; // a catch-up burst of "all" counts against maxInstances like any run
        QVERIFY(h.scheduler->addJob(def).ok());
        h.runUntil(kT0 + kMin);
        QCOMPARE(h.launcher.launches.size(), 1);
        h.scheduler->stop();

        h.jump(kT0 + 6 * kMin + 5 * kSec); // down from 1:00 to 6:05
        h.recreate();
        QCOMPARE(*h.store.loadJob(QStringLiteral("c")).value()->nextFireMs, kT0 + 2 * kMin); // persisted, not reset
        h.launcher.launches.clear();
        h.events.clear();
        QVERIFY(h.scheduler->start().ok());
        h.runUntil(h.clock.nowMs());
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("c")), fired);
        QList<qint64> missedAt;
        for (const EngineEvent &e : h.eventsNamed(QStringLiteral("job_missed"))) {
            missedAt.append(qint64(e.payload.value(QStringLiteral("scheduledTimeMs")).toDouble()));
            QCOMPARE(e.payload.value(QStringLiteral("reason")).toString(), reason);
        }
        QCOMPARE(missedAt, missed);
        QCOMPARE(h.runsOf(QStringLiteral("c"), JobRun::Status::Missed).size(), missed.size());
        QCOMPARE(*h.scheduler->job(QStringLiteral("c"))->nextFireMs, kT0 + 7 * kMin);
    }

    void longDowntimeFoldsMissedRecords()
    {
        SchedulerConfig config;
        config.limits.maxMissedRecords = 5;
        SchedulerHarness h(config);
        QVERIFY(h.scheduler->start().ok());
        JobDefinition def = intervalJob(QStringLiteral("f"), kT0 + kSec, kSec);
        def.misfireGraceSeconds.reset();
        QVERIFY(h.scheduler->addJob(def).ok());
        h.jump(kT0 + 1000 * kSec); // 1000 runs overdue: 999 coalesced into the latest
        h.runUntil(h.clock.nowMs());
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("f")), QList<qint64>{kT0 + 1000 * kSec});
        const QList<JobRun> missed = h.runsOf(QStringLiteral("f"), JobRun::Status::Missed);
        QCOMPARE(missed.size(), 6); // 5 one by one, then one record for the rest
        int total = 0;
        for (const JobRun &r : missed)
            total += r.count;
        QCOMPARE(total, 999);
        QCOMPARE(missed.last().lastScheduledMs, kT0 + 999 * kSec);
    }

    void maxInstancesSkipsWithAnEvent()
    {
        SchedulerHarness h;
        h.launcher.autoFinish = false;
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(h.scheduler->addJob(intervalJob(QStringLiteral("m"), kT0 + 10 * kSec, 10 * kSec)).ok()); // maxInstances 1
        JobDefinition two = intervalJob(QStringLiteral("two"), kT0 + 10 * kSec, 10 * kSec);
        two.maxInstances = 2;
        QVERIFY(h.scheduler->addJob(two).ok());
        JobDefinition unlimited = intervalJob(QStringLiteral("any"), kT0 + 10 * kSec, 10 * kSec);
        unlimited.maxInstances = 0;
        QVERIFY(h.scheduler->addJob(unlimited).ok());
        h.runUntil(kT0 + 30 * kSec);
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("m")), QList<qint64>{kT0 + 10 * kSec});
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("two")), (QList<qint64>{kT0 + 10 * kSec, kT0 + 20 * kSec}));
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("any")).size(), 3);
        int maxed = 0;
        for (const EngineEvent &e : h.eventsNamed(QStringLiteral("job_missed")))
            maxed += e.payload.value(QStringLiteral("reason")).toString() == QLatin1String("max_instances");
        QCOMPARE(maxed, 3); // m at 20 and 30, two at 30

        h.launcher.finish(0); // m's run ends
        h.runUntil(kT0 + 40 * kSec);
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("m")), (QList<qint64>{kT0 + 10 * kSec, kT0 + 40 * kSec}));
        QCOMPARE(h.runsOf(QStringLiteral("m"), JobRun::Status::Completed).size(), 1);
    }

    void jitterIsBoundedRecordedAndNeverAccumulates()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        JobDefinition def = intervalJob(QStringLiteral("j"), kT0 + kMin, kMin);
        def.jitterMs = 5000;
        QVERIFY(h.scheduler->addJob(def).ok());
        h.runUntil(kT0 + 200 * kMin + 10 * kSec);
        QCOMPARE(h.launcher.launches.size(), 200);
        QSet<qint64> delays;
        for (int k = 0; k < 200; ++k) {
            const auto &l = h.launcher.launches[k];
            QCOMPARE(l.run.scheduledMs, kT0 + (k + 1) * kMin); // nominal grid: no accumulation
            const qint64 delay = l.run.plannedMs - l.run.scheduledMs;
            QVERIFY2(delay >= 0 && delay <= 5000, qPrintable(QString::number(delay)));
            QCOMPARE(l.atMs, l.run.plannedMs); // dispatched at the jittered time
            delays.insert(delay);
        }
        QVERIFY2(delays.size() > 100, "jitter should vary from run to run");
        const JobRun stored = h.store.allRuns(QStringLiteral("j")).last();
        QVERIFY(stored.plannedMs >= stored.scheduledMs && stored.firedMs == stored.plannedMs); // both kept

        // Clamped to the end date; and the same (seed, job, instant) gives the same delay on every instance.
        JobDefinition ending = intervalJob(QStringLiteral("e"), kT0 + kMin, kMin);
        ending.jitterMs = 10'000;
        ending.endMs = kT0 + kMin + 1000;
        const DuePlanner planner(42), same(42), other(43);
        QVERIFY(planner.plannedTime(ending, kT0 + kMin) <= kT0 + kMin + 1000);
        int differ = 0;
        for (int k = 1; k <= 50; ++k) {
            QCOMPARE(planner.plannedTime(def, kT0 + k * kMin), same.plannedTime(def, kT0 + k * kMin));
            differ += planner.plannedTime(def, kT0 + k * kMin) != other.plannedTime(def, kT0 + k * kMin);
        }
        QVERIFY(differ > 25);
    }

    void pauseThenResumeHonouringMissedRuns()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        JobDefinition def = intervalJob(QStringLiteral("p"), kT0 + kMin, kMin);
        def.misfireGraceSeconds.reset();
        QVERIFY(h.scheduler->addJob(def).ok());
        h.runUntil(kT0 + kMin);
        QVERIFY(h.scheduler->pauseJob(QStringLiteral("p")).ok());
        QVERIFY(h.store.loadJob(QStringLiteral("p")).value()->paused); // persisted
        QVERIFY(!h.timer.armedAt);
        QCOMPARE(h.eventsNamed(QStringLiteral("job_paused")).size(), 1);
        h.runUntil(kT0 + 10 * kMin);
        QCOMPARE(h.launcher.launches.size(), 1);

        auto resumed = h.scheduler->resumeJob(QStringLiteral("p"), ResumeMode::HonourMissed);
        QVERIFY(resumed.ok());
        QCOMPARE(*resumed->nextFireMs, kT0 + 2 * kMin); // kept: the misfire policy decides
        h.runUntil(h.clock.nowMs());
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("p")), (QList<qint64>{kT0 + kMin, kT0 + 10 * kMin}));
        QCOMPARE(h.runsOf(QStringLiteral("p"), JobRun::Status::Missed).size(), 8); // 2..9 coalesced
        QCOMPARE(*h.scheduler->job(QStringLiteral("p"))->nextFireMs, kT0 + 11 * kMin);
    }

    void pauseThenResumeFromNow()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        JobDefinition def = intervalJob(QStringLiteral("p"), kT0 + kMin, kMin);
        def.misfireGraceSeconds.reset();
        QVERIFY(h.scheduler->addJob(def).ok());
        h.runUntil(kT0 + kMin);
        QVERIFY(h.scheduler->pauseJob(QStringLiteral("p")).ok());
        h.runUntil(kT0 + 10 * kMin + 30 * kSec);
        auto resumed = h.scheduler->resumeJob(QStringLiteral("p"), ResumeMode::FromNow);
        QVERIFY(resumed.ok());
        QCOMPARE(*resumed->nextFireMs, kT0 + 11 * kMin);
        h.runUntil(h.clock.nowMs());
        QCOMPARE(h.launcher.launches.size(), 1); // nothing caught up
        const auto missed = h.eventsNamed(QStringLiteral("job_missed"));
        QCOMPARE(missed.size(), 9); // 2..10, each announced
        for (const EngineEvent &e : missed)
            QCOMPARE(e.payload.value(QStringLiteral("reason")).toString(), QStringLiteral("resumed_from_now"));
        h.runUntil(kT0 + 11 * kMin);
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("p")), (QList<qint64>{kT0 + kMin, kT0 + 11 * kMin}));
    }

    void dstGapAndOverlapForJobs()
    {
        // Fixed-time job across the spring gap: once at 03:00 EDT, then 02:30 again.
        SchedulerHarness h({}, iso("2024-03-09T22:00:00-05:00"));
        QVERIFY(h.scheduler->start().ok());
        QVERIFY(h.scheduler->addJob(cronJob(QStringLiteral("gap"), QStringLiteral("30 2 * * *"), QStringLiteral("America/New_York"))).ok());
        h.runUntil(iso("2024-03-11T12:00:00-04:00"));
        QCOMPARE(h.launcher.scheduledOf(QStringLiteral("gap")),
                 (QList<qint64>{iso("2024-03-10T03:00:00-04:00"), iso("2024-03-11T02:30:00-04:00")}));

        // Fall back: the fixed-time job runs once (EDT pass); the hourly wildcard job in both passes.
        SchedulerHarness f({}, iso("2024-11-02T12:00:00-04:00"));
        QVERIFY(f.scheduler->start().ok());
        QVERIFY(f.scheduler->addJob(cronJob(QStringLiteral("once"), QStringLiteral("30 1 * * *"), QStringLiteral("America/New_York"))).ok());
        QVERIFY(f.scheduler->addJob(cronJob(QStringLiteral("hourly"), QStringLiteral("0 * * * *"), QStringLiteral("America/New_York"))).ok());
        f.runUntil(iso("2024-11-04T02:00:00-05:00"));
        QCOMPARE(f.launcher.scheduledOf(QStringLiteral("once")),
                 (QList<qint64>{iso("2024-11-03T01:30:00-04:00"), iso("2024-11-04T01:30:00-05:00")}));
        const QList<qint64> hourly = f.launcher.scheduledOf(QStringLiteral("hourly"));
        QVERIFY(hourly.contains(iso("2024-11-03T01:00:00-04:00")));
        QVERIFY(hourly.contains(iso("2024-11-03T01:00:00-05:00")));
        for (qsizetype i = 1; i < hourly.size(); ++i)
            QCOMPARE(hourly[i] - hourly[i - 1], 3600 * kSec); // one real hour apart throughout

        // Down across the repeated hour, coalesce "all": each real instant once, in order.
        SchedulerHarness d({}, iso("2024-11-03T00:40:00-04:00"));
        QVERIFY(d.scheduler->start().ok());
        JobDefinition half = cronJob(QStringLiteral("half"), QStringLiteral("*/30 1 * * *"), QStringLiteral("America/New_York"));
        half.coalesce = CoalescePolicy::All;
        half.misfireGraceSeconds.reset();
        half.maxInstances = 0;
        QVERIFY(d.scheduler->addJob(half).ok());
        d.scheduler->stop();
        d.jump(iso("2024-11-03T02:10:00-05:00"));
        d.recreate();
        QVERIFY(d.scheduler->start().ok());
        d.runUntil(d.clock.nowMs());
        QCOMPARE(d.launcher.scheduledOf(QStringLiteral("half")),
                 (QList<qint64>{iso("2024-11-03T01:00:00-04:00"), iso("2024-11-03T01:30:00-04:00"),
                                iso("2024-11-03T01:00:00-05:00"), iso("2024-11-03T01:30:00-05:00")}));
        QCOMPARE(*d.scheduler->job(QStringLiteral("half"))->nextFireMs, iso("2024-11-04T01:00:00-05:00"));
    }

    void thousandJobsOneTimer()
    {
        SchedulerHarness h;
        QVERIFY(h.scheduler->start().ok());
        QHash<QString, qint64> interval;
        for (int i = 0; i < 1000; ++i) {
            const QString id = QStringLiteral("j%1").arg(i);
            interval.insert(id, (1 + i % 37) * kSec);
            QVERIFY(h.scheduler->addJob(intervalJob(id, kT0 + (i % 13) * 100, interval.value(id))).ok());
        }
        QCOMPARE(*h.timer.armedAt, kT0);
        h.runUntil(kT0 + 60 * kSec);
        for (const auto &l : h.launcher.launches)
            QCOMPARE(l.atMs, l.run.plannedMs);
        for (auto it = interval.begin(); it != interval.end(); ++it) {
            const int i = it.key().mid(1).toInt();
            const qint64 first = kT0 + (i % 13) * 100;
            QCOMPARE(h.launcher.scheduledOf(it.key()).size(), int((kT0 + 60 * kSec - first) / *it) + 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestSchedulerPolicies)
#include "test_scheduler_policies.moc"
