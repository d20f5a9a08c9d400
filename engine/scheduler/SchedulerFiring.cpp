// Scheduler: the due loop, dispatching, run reports and the recovery of abandoned claims. The job
// operations are in Scheduler.cpp.
#include "scheduler/Scheduler.h"

#include "core/Clock.h"
#include "scheduler/JobLauncher.h"
#include "scheduler/JobStore.h"
#include "scheduler/SchedulerSink.h"
#include "scheduler/SchedulerTimer.h"

#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcScheduler)

namespace orrery {

namespace {
constexpr int kClaimsPerRecovery = 200;
constexpr qint64 kStoreRetryMs = 1000;
} // namespace

QString Scheduler::newRunId()
{
    return QStringLiteral("%1-%2").arg(m_runPrefix).arg(++m_runSeq, 0, 36);
}

void Scheduler::watchLeases(std::optional<qint64> atMs)
{
    if (atMs && (!m_leaseWatchMs || *atMs < *m_leaseWatchMs))
        m_leaseWatchMs = atMs;
}

void Scheduler::processDue()
{
    if (!m_running)
        return;
    const qint64 now = m_clock->nowMs();
    if (m_retryAtMs && *m_retryAtMs > now) {
        rearm();
        return;
    }
    m_retryAtMs.reset();
    if (m_leaseWatchMs && *m_leaseWatchMs <= now)
        recoverExpiredClaims(now);
    const QStringList due = m_queue.popDue(now, m_config.maxJobsPerStep);
    if (!due.isEmpty())
        processBatch(due, now);
    if (m_book.hasUpdates())
        scheduleFlush();
    rearm();
}

void Scheduler::processBatch(const QStringList &ids, qint64 nowMs)
{
    QList<JobCommit> commits;
    QList<bool> more;
    commits.reserve(ids.size());
    for (const QString &id : ids) {
        const Job *job = findJob(id);
        if (!job || !job->schedulable())
            continue;
        DuePlan plan = m_planner.plan(*job, nowMs);
        JobCommit c;
        c.jobId = id;
        c.expectedRevision = job->revision;
        c.nextFireMs = plan.nextFireMs;
        c.lastFireMs = plan.lastFireMs;
        c.updatedMs = nowMs;
        c.maxInstances = job->def.maxInstances;
        for (JobRun &run : plan.runs) {
            run.runId = newRunId();
            if (run.status == JobRun::Status::Claimed) {
                run.instanceId = m_config.instanceId;
                run.leaseUntilMs = nowMs + m_config.leaseMs;
                run.firedMs = nowMs; // refined to the dispatch instant once started
            } else {
                run.endedMs = nowMs;
            }
        }
        c.runs = std::move(plan.runs);
        commits.append(std::move(c));
        more.append(plan.more);
    }
    if (commits.isEmpty())
        return;
    auto outcomes = m_store->commit(commits);
    if (!outcomes) {
        // Nothing was claimed: the jobs stay due and are tried again shortly.
        qCWarning(lcScheduler).noquote() << "cannot claim" << commits.size() << "due job(s), retrying in"
                                         << kStoreRetryMs << "ms:" << outcomes.error().message;
        for (const JobCommit &c : std::as_const(commits))
            if (const Job *job = findJob(c.jobId))
                reschedule(*job);
        m_retryAtMs = nowMs + kStoreRetryMs;
        return;
    }
    QStringList lost;
    for (qsizetype i = 0; i < commits.size(); ++i) {
        const JobCommit &c = commits[i];
        const CommitOutcome &o = (*outcomes)[i];
        Job *job = findJob(c.jobId);
        if (!job)
            continue;
        if (!o.applied) {
            lost.append(c.jobId);
            continue;
        }
        job->revision = o.newRevision;
        job->nextFireMs = c.nextFireMs;
        job->lastFireMs = c.lastFireMs;
        job->updatedMs = nowMs;
        applyRuns(job, o.runs, nowMs);
        if (more[i])
            m_queue.schedule(job->id(), nowMs);
        else
            reschedule(*job);
        if (!job->nextFireMs)
            emitJobEvent(QStringLiteral("job_finished"), *job);
    }
    // Another instance claimed these first (or changed them): take their state from the store, and
    // make sure a claim it abandons (it died before starting the run) is picked up after its lease.
    for (const QString &id : std::as_const(lost))
        reloadJob(id);
    if (!lost.isEmpty() && m_store->shared())
        watchLeases(nowMs + m_config.leaseMs + 1000);
}

void Scheduler::applyRuns(Job *job, const QList<JobRun> &runs, qint64 nowMs)
{
    for (const JobRun &run : runs) {
        if (run.status == JobRun::Status::Claimed && job)
            dispatch(job, run, nowMs);
        else if (run.status == JobRun::Status::Missed)
            emitRunEvent(QStringLiteral("job_missed"), run);
    }
    if (!runs.isEmpty())
        m_book.recorded(runs.first().jobId, int(runs.size()));
}

void Scheduler::dispatch(Job *job, JobRun run, qint64 nowMs)
{
    run.firedMs = nowMs;
    m_book.dispatched(run);
    m_launcher->launch(run, job->def.target, job->def.name, m_sink);
}

void Scheduler::handleRunStarted(const QString &runId, const Result<QString> &workflowId)
{
    RunBook::InFlight *f = m_book.find(runId);
    if (!f || f->started)
        return;
    const qint64 now = m_clock->nowMs();
    if (workflowId) {
        f->started = true;
        f->run.status = JobRun::Status::Running;
        f->run.workflowId = *workflowId;
        RunUpdate u{runId};
        u.status = JobRun::Status::Running;
        u.onlyIfInFlight = true;
        u.workflowId = *workflowId;
        u.firedMs = f->run.firedMs;
        m_book.update(std::move(u));
        if (wantsEvents()) {
            const qint64 fired = f->run.firedMs.value_or(now);
            emitRunEvent(QStringLiteral("job_fired"), f->run,
                         {{QStringLiteral("firedTimeMs"), double(fired)},
                          {QStringLiteral("latenessMs"), double(fired - f->run.plannedMs)}});
        }
    } else if (workflowId.error().kind == Error::Kind::Unavailable) {
        // The engine is stopping: the run is neither started nor lost. Its claim is released (lease
        // 0) so that the next start, or another instance, takes it over at once.
        qCInfo(lcScheduler).noquote() << "run" << runId << "of job" << f->run.jobId
                                      << "deferred, the engine is unavailable:" << workflowId.error().message;
        RunUpdate u{runId};
        u.leaseUntilMs = 0;
        m_book.update(std::move(u));
        m_book.forget(runId);
    } else {
        JobRun run = f->run;
        run.status = JobRun::Status::StartFailed;
        run.reason = workflowId.error().message;
        qCWarning(lcScheduler).noquote() << "job" << run.jobId << "could not start its run:" << run.reason;
        RunUpdate u{runId};
        u.status = JobRun::Status::StartFailed;
        u.reason = run.reason;
        u.endedMs = now;
        m_book.update(std::move(u));
        m_book.forget(runId);
        run.reason = QStringLiteral("start_failed");
        emitRunEvent(QStringLiteral("job_error"), run, {{QStringLiteral("message"), workflowId.error().message}});
    }
    scheduleFlush();
}

void Scheduler::handleRunFinished(const QString &jobId, const QString &runId, const QString &workflowId,
                                  JobRun::Status status, const QJsonObject &detail)
{
    JobRun run;
    run.runId = runId;
    run.jobId = jobId;
    if (RunBook::InFlight *f = m_book.find(runId)) {
        if (!f->started) // the end overtook the start report
            handleRunStarted(runId, workflowId);
        run = f->run;
    }
    run.status = status;
    run.workflowId = workflowId;
    RunUpdate u{runId};
    u.status = status;
    u.workflowId = workflowId;
    u.endedMs = m_clock->nowMs();
    if (!detail.isEmpty())
        u.detail = detail;
    m_book.update(std::move(u));
    m_book.forget(runId);
    if (wantsEvents()) {
        QJsonObject extra{{QStringLiteral("status"), JobRun::statusName(status)}};
        if (!detail.isEmpty())
            extra.insert(QStringLiteral("detail"), detail);
        emitRunEvent(QStringLiteral("job_run_finished"), run, extra);
    }
    scheduleFlush();
}

void Scheduler::recoverExpiredClaims(qint64 nowMs)
{
    m_leaseWatchMs.reset();
    auto claims = m_store->expiredClaims(nowMs, kClaimsPerRecovery);
    if (!claims) {
        qCWarning(lcScheduler).noquote() << "cannot look for abandoned claims:" << claims.error().message;
        watchLeases(nowMs + kStoreRetryMs);
        return;
    }
    for (JobRun run : std::as_const(*claims)) {
        auto took = m_store->takeOverClaim(run.runId, m_config.instanceId, nowMs, nowMs + m_config.leaseMs);
        if (!took || !*took)
            continue;
        qCInfo(lcScheduler).noquote() << "taking over run" << run.runId << "of job" << run.jobId << "claimed by"
                                      << run.instanceId;
        run.instanceId = m_config.instanceId;
        run.leaseUntilMs = nowMs + m_config.leaseMs;
        Job *job = findJob(run.jobId);
        RunUpdate u{run.runId};
        auto earlier = m_store->workflowForCorrelation(run.correlationId());
        if (earlier && *earlier) {
            // The dead instance did start it (and died before recording that): adopt, do not start twice.
            run.status = JobRun::Status::Running;
            run.workflowId = **earlier;
            m_book.dispatched(run);
            m_book.find(run.runId)->started = true;
            u.status = JobRun::Status::Running;
            u.workflowId = run.workflowId;
            m_book.update(std::move(u));
            continue;
        }
        const bool late = job && job->def.misfireGraceSeconds
            && nowMs - run.plannedMs > qint64(*job->def.misfireGraceSeconds) * 1000;
        if (!job || late) {
            run.status = JobRun::Status::Missed;
            run.reason = job ? QStringLiteral("misfire_grace_exceeded") : QStringLiteral("job_removed");
            u.status = run.status;
            u.reason = run.reason;
            u.endedMs = nowMs;
            m_book.update(std::move(u));
            emitRunEvent(QStringLiteral("job_missed"), run);
            continue;
        }
        dispatch(job, run, nowMs);
    }
    auto next = m_store->earliestClaimLease();
    if (next && *next)
        watchLeases(std::max(**next + 1, nowMs + 1));
}

void Scheduler::scheduleFlush()
{
    if (m_flushPosted)
        return;
    m_flushPosted = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_flushPosted = false;
            if (auto r = flush(); !r) {
                qCWarning(lcScheduler).noquote() << "cannot record run changes, retrying:" << r.error().message;
                QTimer::singleShot(kStoreRetryMs, this, [this] { scheduleFlush(); });
            }
        },
        Qt::QueuedConnection);
}

Result<void> Scheduler::flush()
{
    return m_book.flush(*m_store);
}

} // namespace orrery
