// Scheduler: life cycle and the job operations. Firing (the due loop, run reports, lease
// recovery) is in SchedulerFiring.cpp.
#include "scheduler/Scheduler.h"

#include "core/Clock.h"
#include "scheduler/DateTrigger.h"
#include "scheduler/IntervalTrigger.h"
#include "scheduler/JobEvents.h"
#include "scheduler/JobLauncher.h"
#include "scheduler/JobStore.h"
#include "scheduler/SchedulerSink.h"
#include "scheduler/SchedulerTimer.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QSysInfo>
#include <QUuid>

Q_LOGGING_CATEGORY(lcScheduler, "orrery.scheduler")

namespace orrery {

Scheduler::Scheduler(JobStore *store, JobLauncher *launcher, SchedulerTimer *timer, const Clock *clock,
                     SchedulerConfig config, QObject *parent)
    : QObject(parent), m_store(store), m_launcher(launcher), m_timer(timer), m_clock(clock),
      m_config(std::move(config)), m_planner(m_config.jitterSeed, m_config.limits),
      m_book(m_config.historyLimit, m_config.pruneEvery)
{
    // Run ids must be unique across instances and restarts: a random prefix per scheduler, then a counter.
    m_runPrefix = QUuid::createUuid().toString(QUuid::Id128).left(12);
    if (m_config.instanceId.isEmpty())
        m_config.instanceId = QStringLiteral("%1:%2:%3")
                                  .arg(QSysInfo::machineHostName())
                                  .arg(QCoreApplication::applicationPid())
                                  .arg(m_runPrefix.left(6));
    m_sink = std::make_shared<SchedulerSink>(this);
    m_timer->setCallback([this] { processDue(); });
}

Scheduler::~Scheduler()
{
    m_sink->detach();
    m_timer->setCallback({});
}

std::shared_ptr<JobRunSink> Scheduler::runSink() const
{
    return m_sink;
}

Result<void> Scheduler::start()
{
    auto loaded = m_store->loadJobs();
    if (!loaded)
        return loaded.error();
    m_jobs.clear();
    m_queue.clear();
    for (Job &job : *loaded) {
        const QString id = job.id();
        auto it = m_jobs.insert(id, std::move(job));
        if (it->flagged()) {
            qCWarning(lcScheduler).noquote() << "job" << id << "cannot be loaded and is kept, flagged:" << it->loadError;
            emitJobEvent(QStringLiteral("job_flagged"), *it, {{QStringLiteral("error"), it->loadError}});
        }
        reschedule(*it);
    }
    auto lease = m_store->earliestClaimLease();
    if (!lease)
        return lease.error();
    if (*lease)
        watchLeases(**lease);
    m_running = true;
    rearm();
    return {};
}

void Scheduler::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_timer->disarm();
    if (auto r = flush(); !r)
        qCWarning(lcScheduler).noquote() << "could not record run changes at stop:" << r.error().message;
}

Job *Scheduler::findJob(const QString &id)
{
    auto it = m_jobs.find(id);
    return it == m_jobs.end() ? nullptr : &*it;
}

qint64 Scheduler::plannedTime(const Job &job) const
{
    return job.nextFireMs ? m_planner.plannedTime(job.def, *job.nextFireMs) : 0;
}

namespace {
// How far before the scheduler's own reading a "from now" start may have been read (the REST
// route and the codec read the clock first).
constexpr qint64 kStartReadSlackMs = 1000;
} // namespace

std::optional<qint64> Scheduler::initialNextFire(const JobDefinition &def, qint64 nowMs) const
{
    // A one-shot date in the past still gets its run: the misfire grace decides (fire or job_missed).
    if (auto *date = dynamic_cast<const DateTrigger *>(def.trigger.get())) {
        const qint64 at = date->runAtMs();
        if ((def.startMs && at < *def.startMs) || (def.endMs && at > *def.endMs))
            return std::nullopt;
        return at;
    }
    // An interval job created "from now" has its start read by the caller a moment before this
    // clock reading: that start is still its first run (the documented immediate first run).
    if (auto *interval = dynamic_cast<const IntervalTrigger *>(def.trigger.get())) {
        const qint64 start = interval->startMs();
        if (start <= nowMs && nowMs - start <= kStartReadSlackMs)
            return def.nextAfter(start - 1);
    }
    return def.nextAfter(nowMs - 1);
}

void Scheduler::reschedule(const Job &job)
{
    if (job.schedulable())
        m_queue.schedule(job.id(), plannedTime(job));
    else
        m_queue.remove(job.id());
}

void Scheduler::rearm()
{
    if (!m_running) {
        m_timer->disarm();
        return;
    }
    std::optional<qint64> due = m_retryAtMs ? m_retryAtMs : m_queue.earliest();
    if (m_leaseWatchMs && (!due || *m_leaseWatchMs < *due))
        due = m_leaseWatchMs;
    if (due)
        m_timer->arm(*due);
    else
        m_timer->disarm();
}

bool Scheduler::wantsEvents() const
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&Scheduler::event);
    return isSignalConnected(signal);
}

void Scheduler::emitJobEvent(const QString &name, const Job &job, const QJsonObject &extra)
{
    if (wantsEvents())
        Q_EMIT event(JobEvents::jobEvent(name, job, m_clock->nowMs(), extra));
}

void Scheduler::emitRunEvent(const QString &name, const JobRun &run, const QJsonObject &extra)
{
    if (name == QLatin1String("job_missed"))
        qCInfo(lcScheduler).noquote() << "job" << run.jobId << "missed" << run.count << "run(s) from" << run.scheduledMs
                                      << "reason" << run.reason;
    if (wantsEvents())
        Q_EMIT event(JobEvents::runEvent(name, findJob(run.jobId), run, m_clock->nowMs(), extra));
}

static Error noSuchJob(const QString &id)
{
    return Error::notFound(QStringLiteral("No job with id '%1'.").arg(id));
}

static Error neverFires()
{
    const QString msg = QStringLiteral("the schedule has no fire time from now on (the rule never fires, or its end or "
                                       "endDate is in the past)");
    return Error::invalid(QStringLiteral("trigger: ") + msg, {FieldError{QStringLiteral("trigger"), msg, {}}});
}

Result<Job> Scheduler::addJob(JobDefinition def, JobCreateOptions options)
{
    if (!def.trigger)
        return Error::invalid(QStringLiteral("trigger: is required"), {FieldError{QStringLiteral("trigger"), QStringLiteral("is required"), {}}});
    if (def.id.isEmpty())
        def.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (m_jobs.contains(def.id))
        return Error::conflict(QStringLiteral("A job with id '%1' exists already.").arg(def.id));
    const qint64 now = m_clock->nowMs();
    Job job;
    job.def = std::move(def);
    job.paused = options.paused;
    job.createdMs = job.updatedMs = now;
    job.nextFireMs = options.nextRunTimeMs ? options.nextRunTimeMs : initialNextFire(job.def, now);
    if (!job.nextFireMs)
        return neverFires();
    auto inserted = m_store->insertJob(job);
    if (!inserted)
        return inserted.error();
    if (!*inserted) {
        reloadJob(job.id());
        return Error::conflict(QStringLiteral("A job with id '%1' exists already.").arg(job.id()));
    }
    job.revision = 1;
    const Job &stored = *m_jobs.insert(job.id(), job);
    reschedule(stored);
    rearm();
    emitJobEvent(QStringLiteral("job_added"), stored);
    return stored;
}

Result<bool> Scheduler::ensureJob(JobDefinition def, JobCreateOptions options)
{
    if (m_jobs.contains(def.id))
        return false;
    auto added = addJob(std::move(def), options);
    if (!added)
        return added.error().kind == Error::Kind::Conflict ? Result<bool>(false) : Result<bool>(added.error());
    return true;
}

Result<Job> Scheduler::storeReplace(Job updated, const Job &current, const char *eventName)
{
    const QString id = current.id();
    const qint64 revision = current.revision;
    auto replaced = m_store->replaceJob(updated, revision);
    if (!replaced)
        return replaced.error();
    if (!*replaced) {
        reloadJob(id);
        return Error::conflict(QStringLiteral("Job '%1' was changed by another instance meanwhile; read it again and retry.").arg(id));
    }
    updated.revision = revision + 1;
    const Job &stored = (m_jobs[id] = std::move(updated));
    reschedule(stored);
    rearm();
    emitJobEvent(QString::fromLatin1(eventName), stored);
    return stored;
}

Result<Job> Scheduler::updateJob(const QString &id, JobDefinition def)
{
    const Job *current = findJob(id);
    if (!current)
        return noSuchJob(id);
    if (!def.trigger)
        return Error::invalid(QStringLiteral("trigger: is required"), {FieldError{QStringLiteral("trigger"), QStringLiteral("is required"), {}}});
    const qint64 now = m_clock->nowMs();
    def.id = id;
    Job updated = *current;
    const bool scheduleChanged = current->flagged() || !current->def.trigger
        || current->def.trigger->toJson() != def.trigger->toJson() || current->def.startMs != def.startMs
        || current->def.endMs != def.endMs;
    updated.def = std::move(def);
    updated.storedDefinition = QJsonObject();
    updated.loadError.clear();
    updated.updatedMs = now;
    if (scheduleChanged) {
        updated.nextFireMs = initialNextFire(updated.def, now);
        if (!updated.nextFireMs)
            return neverFires();
    }
    return storeReplace(std::move(updated), *current, "job_updated");
}

Result<void> Scheduler::removeJob(const QString &id)
{
    const Job *current = findJob(id);
    if (!current)
        return noSuchJob(id);
    auto removed = m_store->removeJob(id);
    if (!removed)
        return removed.error();
    const Job gone = *current;
    m_jobs.remove(id);
    m_queue.remove(id);
    rearm();
    emitJobEvent(QStringLiteral("job_removed"), gone);
    return {};
}

Result<Job> Scheduler::pauseJob(const QString &id)
{
    const Job *current = findJob(id);
    if (!current)
        return noSuchJob(id);
    if (current->paused)
        return *current;
    Job updated = *current;
    updated.paused = true;
    updated.updatedMs = m_clock->nowMs();
    return storeReplace(std::move(updated), *current, "job_paused");
}

Result<Job> Scheduler::resumeJob(const QString &id, ResumeMode mode)
{
    const Job *current = findJob(id);
    if (!current)
        return noSuchJob(id);
    if (!current->paused)
        return *current;
    const qint64 now = m_clock->nowMs();
    Job updated = *current;
    updated.paused = false;
    updated.updatedMs = now;
    DuePlan skipped;
    if (mode == ResumeMode::FromNow) {
        skipped = m_planner.skipUntil(*current, now, QStringLiteral("resumed_from_now"));
        updated.nextFireMs = skipped.nextFireMs;
    }
    auto resumed = storeReplace(std::move(updated), *current, "job_resumed");
    if (!resumed || skipped.runs.isEmpty())
        return resumed;
    JobCommit commit;
    commit.jobId = id;
    commit.updateJob = false;
    for (JobRun &run : skipped.runs) {
        run.runId = newRunId();
        run.endedMs = now;
        commit.runs.append(run);
    }
    auto outcome = m_store->commit({commit});
    if (!outcome)
        return outcome.error();
    applyRuns(findJob(id), outcome->first().runs, now);
    scheduleFlush();
    return resumed;
}

Result<JobRun> Scheduler::runNow(const QString &id)
{
    Job *job = findJob(id);
    if (!job)
        return noSuchJob(id);
    if (job->flagged())
        return Error::conflict(QStringLiteral("Job '%1' is flagged (%2); fix its definition first.").arg(id, job->loadError));
    const qint64 now = m_clock->nowMs();
    JobRun run;
    run.runId = newRunId();
    run.jobId = id;
    run.scheduledMs = run.plannedMs = run.lastScheduledMs = now;
    run.manual = true;
    run.instanceId = m_config.instanceId;
    run.leaseUntilMs = now + m_config.leaseMs;
    JobCommit commit;
    commit.jobId = id;
    commit.updateJob = false;
    commit.runs = {run};
    commit.maxInstances = job->def.maxInstances;
    auto outcome = m_store->commit({commit});
    if (!outcome)
        return outcome.error();
    const QList<JobRun> runs = outcome->first().runs;
    if (runs.isEmpty())
        return Error::conflict(QStringLiteral("Job '%1' could not record the run; try again.").arg(id));
    applyRuns(job, runs, now);
    scheduleFlush();
    if (runs.first().status == JobRun::Status::Missed)
        return Error::conflict(QStringLiteral("Job '%1' already has %2 running instance(s) (maxInstances %2); the run was "
                                              "skipped.").arg(id).arg(job->def.maxInstances));
    return runs.first();
}

Result<Job> Scheduler::job(const QString &id) const
{
    auto it = m_jobs.constFind(id);
    if (it == m_jobs.constEnd())
        return noSuchJob(id);
    return *it;
}

QList<Job> Scheduler::jobs() const
{
    return m_jobs.values();
}

Result<QList<JobRun>> Scheduler::recentRuns(const QString &id, int limit)
{
    if (!m_jobs.contains(id))
        return noSuchJob(id);
    if (auto r = flush(); !r)
        return r.error();
    return m_store->recentRuns(id, limit);
}

void Scheduler::reloadJob(const QString &id)
{
    if (id.isEmpty()) {
        auto loaded = m_store->loadJobs();
        if (!loaded) {
            qCWarning(lcScheduler).noquote() << "cannot reload the jobs:" << loaded.error().message;
            return;
        }
        m_jobs.clear();
        m_queue.clear();
        for (Job &job : *loaded)
            reschedule(*m_jobs.insert(job.id(), std::move(job)));
    } else if (id == QLatin1String("#claims")) {
        watchLeases(m_clock->nowMs()); // another instance released claims (it is stopping)
    } else {
        auto loaded = m_store->loadJob(id);
        if (!loaded) {
            qCWarning(lcScheduler).noquote() << "cannot reload job" << id << ":" << loaded.error().message;
            return;
        }
        if (!*loaded) {
            m_jobs.remove(id);
            m_queue.remove(id);
        } else {
            reschedule(m_jobs[id] = std::move(**loaded));
        }
    }
    rearm();
}

} // namespace orrery
