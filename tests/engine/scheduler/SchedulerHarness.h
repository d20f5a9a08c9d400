#pragma once

// Virtual-time fixtures for the job scheduler: a timer the test fires itself, a launcher that
// records launches (and reports starts / ends when told), and a harness tying them to a
// ManualClock and a MemoryJobStore.

#include "core/Clock.h"
#include "scheduler/CronTrigger.h"
#include "scheduler/DateTrigger.h"
#include "scheduler/IntervalTrigger.h"
#include "scheduler/IsoDateTime.h"
#include "scheduler/JobLauncher.h"
#include "scheduler/MemoryJobStore.h"
#include "scheduler/Scheduler.h"
#include "scheduler/SchedulerTimer.h"

#include <QCoreApplication>
#include <QTest>
#include <memory>

namespace orrery::test {

class ManualSchedulerTimer final : public SchedulerTimer
{
public:
    void setCallback(std::function<void()> onTimeout) override { callback = std::move(onTimeout); }
    void arm(qint64 dueMs) override { armedAt = dueMs; ++arms; }
    void disarm() override { armedAt.reset(); }

    std::function<void()> callback;
    std::optional<qint64> armedAt;
    int arms = 0;
};

class RecordingLauncher final : public JobLauncher
{
public:
    struct Launch
    {
        JobRun run;
        JobTarget target;
        QString jobName;
        std::shared_ptr<JobRunSink> sink;
        qint64 atMs = 0;
    };

    explicit RecordingLauncher(const Clock *clock) : m_clock(clock) {}

    void launch(const JobRun &run, const JobTarget &target, const QString &jobName,
                std::shared_ptr<JobRunSink> sink) override
    {
        launches.append(Launch{run, target, jobName, sink, m_clock->nowMs()});
        if (failWith)
            sink->runStarted(run.runId, Result<QString>(*failWith));
        else if (autoStart)
            sink->runStarted(run.runId, QStringLiteral("wf-") + run.runId);
        if (autoFinish && !failWith)
            sink->runFinished(run.jobId, run.runId, QStringLiteral("wf-") + run.runId, JobRun::Status::Completed, {});
    }
    void finish(int index, JobRun::Status status = JobRun::Status::Completed)
    {
        const Launch &l = launches.at(index);
        l.sink->runFinished(l.run.jobId, l.run.runId, QStringLiteral("wf-") + l.run.runId, status, {});
    }
    QList<qint64> scheduledOf(const QString &jobId) const
    {
        QList<qint64> out;
        for (const Launch &l : launches)
            if (l.run.jobId == jobId)
                out.append(l.run.scheduledMs);
        return out;
    }

    QList<Launch> launches;
    bool autoStart = true;
    bool autoFinish = true; // runs end at once (COMPLETED) unless a test holds them
    std::optional<Error> failWith;

private:
    const Clock *m_clock;
};

// 2024-01-10T00:00:00Z, a whole minute.
constexpr qint64 kT0 = 1'704'844'800'000;

struct SchedulerHarness
{
    explicit SchedulerHarness(SchedulerConfig config = {}, qint64 startMs = kT0)
        : clock(startMs), launcher(&clock)
    {
        recreate(config);
    }

    // A new scheduler on the same store (a restart).
    void recreate(SchedulerConfig config = {})
    {
        scheduler.reset();
        if (config.instanceId.isEmpty())
            config.instanceId = QStringLiteral("test-%1").arg(++generation);
        scheduler = std::make_unique<Scheduler>(&store, &launcher, &timer, &clock, config);
        QObject::connect(scheduler.get(), &Scheduler::event, [this](const EngineEvent &e) { events.append(e); });
    }

    void pump()
    {
        for (int i = 0; i < 4; ++i)
            QCoreApplication::sendPostedEvents();
    }

    // Moves virtual time to targetMs, firing the timer at every instant it is armed for on the way.
    void runUntil(qint64 targetMs)
    {
        pump();
        for (int guard = 0; guard < 1'000'000 && timer.armedAt && *timer.armedAt <= targetMs; ++guard) {
            clock.setMs(std::max(clock.nowMs(), *timer.armedAt));
            timer.armedAt.reset();
            scheduler->processDue();
            pump();
        }
        clock.setMs(std::max(clock.nowMs(), targetMs));
    }
    // Moves the clock without firing (the process was blocked, suspended or down).
    void jump(qint64 toMs) { clock.setMs(toMs); }

    QList<EngineEvent> eventsNamed(const QString &name) const
    {
        QList<EngineEvent> out;
        for (const EngineEvent &e : events)
            if (e.name == name)
                out.append(e);
        return out;
    }
    QList<JobRun> runsOf(const QString &jobId, JobRun::Status status) const
    {
        QList<JobRun> out;
        for (const JobRun &r : store.allRuns(jobId))
            if (r.status == status)
                out.append(r);
        return out;
    }

    ManualClock clock;
    MemoryJobStore store;
    RecordingLauncher launcher;
    ManualSchedulerTimer timer;
    std::unique_ptr<Scheduler> scheduler;
    QList<EngineEvent> events;
    int generation = 0;
};

inline JobDefinition intervalJob(const QString &id, qint64 startMs, qint64 intervalMs)
{
    JobDefinition def;
    def.id = id;
    def.name = id;
    def.trigger = std::make_shared<IntervalTrigger>(IntervalTrigger::create(startMs, intervalMs).value());
    def.target.name = QStringLiteral("wf_") + id;
    return def;
}

inline JobDefinition cronJob(const QString &id, const QString &expr, const QString &zone = QStringLiteral("UTC"))
{
    JobDefinition def;
    def.id = id;
    def.name = id;
    def.trigger = std::make_shared<CronTrigger>(CronTrigger::create(expr, zone).value());
    def.target.name = QStringLiteral("wf_") + id;
    return def;
}

inline qint64 iso(const char *text)
{
    return IsoDateTime::parseInstant(QString::fromLatin1(text)).value();
}

} // namespace orrery::test
