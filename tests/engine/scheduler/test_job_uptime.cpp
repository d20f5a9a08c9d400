// scheduledJobUptime of GET /api/stats: the per-minute record of due scheduled instants (fired,
// missed, failed to start) in virtual time, fed by a real Scheduler's run events exactly as the
// module feeds it, and seeded from the run history after a restart.
#include "SchedulerHarness.h"

#include "api/scheduler/JobUptime.h"

#include <QtTest>

using namespace orrery;
using namespace orrery::test;

namespace {

constexpr qint64 kSec = 1000;
constexpr qint64 kMin = 60 * kSec;
constexpr qint64 kHour = 60 * kMin;
constexpr qint64 kDay = 24 * kHour;

void feed(SchedulerHarness &h, const std::shared_ptr<JobUptime> &uptime)
{
    QObject::connect(h.scheduler.get(), &Scheduler::event, h.scheduler.get(),
                     [uptime](const EngineEvent &e) { uptime->recordEvent(e); }, Qt::DirectConnection);
}

} // namespace

class TestJobUptime : public QObject
{
    Q_OBJECT

private slots:
    void countsByNominalTimeWithinTheWindow()
    {
        JobUptime u;
        QCOMPARE(u.figure(kHour, kT0).reason, QStringLiteral("no job was due in the window"));
        QVERIFY(!u.figure(kHour, kT0).value);
        for (int i = 0; i < 8; ++i)
            u.recordFired(kT0 + i * kMin);
        u.recordMissed(kT0 + 8 * kMin, kT0 + 8 * kMin, 1);
        u.recordStartFailed(kT0 + 9 * kMin);
        StatsFigure f = u.figure(kHour, kT0 + 10 * kMin);
        QVERIFY(f.value);
        QCOMPARE(*f.value, 0.8);
        QCOMPARE(f.detail.value(QStringLiteral("due")).toInt(), 10);
        QCOMPARE(f.detail.value(QStringLiteral("fired")).toInt(), 8);
        QCOMPARE(f.detail.value(QStringLiteral("missed")).toInt(), 1);
        QCOMPARE(f.detail.value(QStringLiteral("startFailed")).toInt(), 1);
        // Later: the first hour leaves the 1 h window, stays in the 24 h one, then leaves it too.
        QVERIFY(!u.figure(kHour, kT0 + 2 * kHour).value);
        QCOMPARE(*u.figure(kDay, kT0 + 2 * kHour).value, 0.8);
        QVERIFY(!u.figure(kDay, kT0 + kDay + 11 * kMin).value);
        // To the minute: minute 9 (failed) alone when the window starts inside it.
        QCOMPARE(u.window(kMin - 1, kT0 + 10 * kMin - 1).due(), 1.0);
        QCOMPARE(u.window(kMin, kT0 + 10 * kMin - 1).due(), 2.0); // starts 1 ms into minute 8
        // Minute 0's ring slot is reused a day and a minute later and starts afresh; a run older
        // than the ring holds is then dropped, not mixed in.
        u.recordFired(kT0 + kDay + kMin);
        u.recordFired(kT0 + 5);
        const JobUptime::Window w = u.window(kDay, kT0 + kDay + kMin + 30 * kSec); // minutes 2..1441
        QCOMPARE(w.fired, 6.0 + 1.0);
        QCOMPARE(w.due(), 9.0);
    }

    void foldedMissesAreSpreadOverTheirSpan()
    {
        JobUptime u;
        // 600 instants missed one per minute over 10 h (one folded record), then 60 fired.
        u.recordMissed(kT0, kT0 + 599 * kMin, 600);
        for (int i = 600; i < 660; ++i)
            u.recordFired(kT0 + i * kMin);
        const qint64 now = kT0 + 660 * kMin - 1;
        QCOMPARE(u.window(kDay, now).missed, 600.0);
        const JobUptime::Window lastTwoHours = u.window(2 * kHour - kMin, now); // minutes 540..659
        // Minutes 540..599 held 60 of the missed instants.
        QVERIFY2(qAbs(lastTwoHours.missed - 60.0) < 0.5, qPrintable(QString::number(lastTwoHours.missed)));
        QCOMPARE(lastTwoHours.fired, 60.0);
        // A record longer than the ring: only what fits is walked, the tail is exact.
        JobUptime v;
        v.recordMissed(kT0, kT0 + 10 * kDay, 10 * 24 * 60 + 1);
        QVERIFY(qAbs(v.window(kDay, kT0 + 10 * kDay).missed - 1441.0) < 2.0);
    }

    void manualRunsAndOtherEventsAreIgnored()
    {
        JobUptime u;
        EngineEvent fired{QStringLiteral("job_fired"), QString(), kT0,
                          QJsonObject{{QStringLiteral("scheduledTimeMs"), double(kT0)}, {QStringLiteral("manual"), true}}};
        u.recordEvent(fired);
        u.recordEvent(EngineEvent{QStringLiteral("job_run_finished"), QString(), kT0,
                                  QJsonObject{{QStringLiteral("scheduledTimeMs"), double(kT0)}}});
        u.recordEvent(EngineEvent{QStringLiteral("job_error"), QString(), kT0,
                                  QJsonObject{{QStringLiteral("scheduledTimeMs"), double(kT0)}, {QStringLiteral("reason"), QStringLiteral("other")}}});
        QCOMPARE(u.window(kHour, kT0).due(), 0.0);
        JobRun manual;
        manual.manual = true;
        manual.status = JobRun::Status::Completed;
        manual.scheduledMs = kT0;
        u.seed(manual);
        QCOMPARE(u.window(kHour, kT0).due(), 0.0);
    }

    // Client mode: workflow jobs start on the Conductor server. The figure is over both sources,
    // its detail has each, with the runs' ends (remote ones read back from the server).
    void localAndRemoteInTheDetail()
    {
        JobUptime u;
        u.recordFired(kT0, JobUptime::Source::Local);
        u.recordEnded(kT0, true, JobUptime::Source::Local);
        StatsFigure f = u.figure(kHour, kT0 + kMin);
        QVERIFY(!f.detail.contains(QStringLiteral("remote"))); // never any remote work: as before
        auto event = [](const char *name, qint64 at, QJsonObject extra = {}) {
            extra.insert(QStringLiteral("scheduledTimeMs"), double(at));
            return EngineEvent{QString::fromLatin1(name), QString(), at, extra};
        };
        const auto remote = JobUptime::Source::Remote;
        u.recordEvent(event("job_fired", kT0 + kMin), remote);
        u.recordEvent(event("job_fired", kT0 + 2 * kMin), remote);
        u.recordEvent(event("job_missed", kT0 + 3 * kMin), remote);
        u.recordEvent(event("job_error", kT0 + 4 * kMin, {{QStringLiteral("reason"), QStringLiteral("start_failed")}}), remote);
        u.recordEvent(event("job_run_finished", kT0 + kMin, {{QStringLiteral("status"), QStringLiteral("COMPLETED")},
                                                            {QStringLiteral("detail"), QJsonObject{{QStringLiteral("source"), QStringLiteral("remote")}}}}));
        u.recordEvent(event("job_run_finished", kT0 + 2 * kMin, {{QStringLiteral("status"), QStringLiteral("FAILED")}}), remote);
        f = u.figure(kHour, kT0 + 5 * kMin);
        QVERIFY(f.value);
        QCOMPARE(*f.value, 3.0 / 5.0);
        QCOMPARE(f.detail.value(QStringLiteral("due")).toInt(), 5);
        const QJsonObject local = f.detail.value(QStringLiteral("local")).toObject();
        const QJsonObject far = f.detail.value(QStringLiteral("remote")).toObject();
        QCOMPARE(local.value(QStringLiteral("fired")).toInt(), 1);
        QCOMPARE(local.value(QStringLiteral("completed")).toInt(), 1);
        QCOMPARE(far.value(QStringLiteral("due")).toInt(), 4);
        QCOMPARE(far.value(QStringLiteral("fired")).toInt(), 2);
        QCOMPARE(far.value(QStringLiteral("missed")).toInt(), 1);
        QCOMPARE(far.value(QStringLiteral("startFailed")).toInt(), 1);
        QCOMPARE(far.value(QStringLiteral("completed")).toInt(), 1); // by its detail.source
        QCOMPARE(far.value(QStringLiteral("endedFailed")).toInt(), 1);
        // Seeding after a restart: an ended run carries its source; one in flight takes the caller's.
        JobUptime seeded;
        JobRun run;
        run.scheduledMs = kT0;
        run.status = JobRun::Status::Completed;
        run.detail = QJsonObject{{QStringLiteral("source"), QStringLiteral("remote")}};
        seeded.seed(run);
        run.status = JobRun::Status::Running;
        run.detail = {};
        seeded.seed(run, remote);
        const JobUptime::Window w = seeded.window(kHour, kT0, remote);
        QCOMPARE(w.fired, 2.0);
        QCOMPARE(w.completed, 1.0);
        QCOMPARE(seeded.window(kHour, kT0, JobUptime::Source::Local).due(), 0.0);
    }

    void fedByTheSchedulerAndSeededAfterARestart()
    {
        SchedulerConfig config;
        config.limits.maxMissedRecords = 5; // then one folded record for the rest of a downtime
        SchedulerHarness h(config);
        auto uptime = std::make_shared<JobUptime>();
        feed(h, uptime);
        QVERIFY(h.scheduler->start().ok());
        JobDefinition def = intervalJob(QStringLiteral("every10s"), kT0 + 10 * kSec, 10 * kSec);
        def.misfireGraceSeconds = 5;
        QVERIFY(h.scheduler->addJob(def).ok());
        h.runUntil(kT0 + 5 * kMin); // 30 runs fire on time
        QCOMPARE(h.eventsNamed(QStringLiteral("job_fired")).size(), 30);
        StatsFigure f = uptime->figure(kHour, h.clock.nowMs());
        QCOMPARE(*f.value, 1.0);
        QCOMPARE(f.detail.value(QStringLiteral("due")).toInt(), 30);

        // Blocked for 10 minutes: the overdue instants are missed (coalesced / past the grace).
        h.jump(kT0 + 15 * kMin);
        h.runUntil(kT0 + 20 * kMin);
        int missedInstants = 0;
        int folded = 0;
        for (const JobRun &r : h.runsOf(QStringLiteral("every10s"), JobRun::Status::Missed)) {
            missedInstants += r.count;
            folded += r.count > 1 ? 1 : 0;
        }
        QVERIFY(missedInstants >= 55);
        QCOMPARE(folded, 1);
        const int firedRuns = int(h.eventsNamed(QStringLiteral("job_fired")).size());
        f = uptime->figure(kHour, h.clock.nowMs());
        QCOMPARE(f.detail.value(QStringLiteral("missed")).toInt(), missedInstants);
        QCOMPARE(f.detail.value(QStringLiteral("fired")).toInt(), firedRuns);
        QCOMPARE(*f.value, double(firedRuns) / double(firedRuns + missedInstants));
        // A manual run is not a scheduled instant.
        QVERIFY(h.scheduler->runNow(QStringLiteral("every10s")).ok());
        h.pump();
        QCOMPARE(uptime->figure(kHour, h.clock.nowMs()).detail.value(QStringLiteral("due")).toInt(), firedRuns + missedInstants);

        // The engine refuses to start a run: due, not fired.
        h.launcher.failWith = Error::invalid(QStringLiteral("no such workflow"));
        h.runUntil(h.clock.nowMs() + 10 * kSec);
        QCOMPARE(uptime->figure(kHour, h.clock.nowMs()).detail.value(QStringLiteral("startFailed")).toInt(), 1);
        h.launcher.failWith.reset();

        // A restart: the new record, seeded from the runs the store kept, sees the same figure.
        const StatsFigure before = uptime->figure(kHour, h.clock.nowMs());
        QVERIFY(h.scheduler->flush().ok());
        JobUptime seeded;
        const auto runs = h.store.recentRuns(QStringLiteral("every10s"), 1000);
        QVERIFY(runs.ok());
        for (const JobRun &r : runs.value())
            seeded.seed(r);
        const StatsFigure after = seeded.figure(kHour, h.clock.nowMs());
        QCOMPARE(*after.value, *before.value);
        QCOMPARE(after.detail, before.detail);
    }
};

QTEST_GUILESS_MAIN(TestJobUptime)
#include "test_job_uptime.moc"
