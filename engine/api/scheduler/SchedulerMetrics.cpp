#include "api/scheduler/SchedulerMetrics.h"

#include "api/MetricsWriter.h"
#include "api/ReplyWait.h"
#include "api/scheduler/SchedulerAccess.h"
#include "core/Clock.h"
#include "core/EngineEvent.h"
#include "scheduler/JobRun.h"
#include "scheduler/Scheduler.h"

#include <algorithm>

namespace orrery {

SchedulerMetrics::SchedulerMetrics(std::shared_ptr<SchedulerAccess> access, const Clock *clock, int waitMs)
    : m_access(std::move(access)), m_clock(clock), m_waitMs(waitMs)
{
}

const QStringList &SchedulerMetrics::automaticReasons()
{
    static const QStringList reasons = {QStringLiteral("misfire_grace_exceeded"), QStringLiteral("coalesced"),
                                        QStringLiteral("max_instances")};
    return reasons;
}

void SchedulerMetrics::recordLastRun(const QString &jobId, LastRun run)
{
    auto it = m_lastRun.find(jobId);
    if (it == m_lastRun.end() || run.scheduledMs >= it->scheduledMs)
        m_lastRun.insert(jobId, run);
}

void SchedulerMetrics::recordEvent(const EngineEvent &event)
{
    const QJsonObject &p = event.payload;
    const QString jobId = p.value(QStringLiteral("jobId")).toString();
    if (event.name == QLatin1String("job_removed")) {
        QMutexLocker lock(&m_mutex);
        m_lastRun.remove(jobId);
        m_missed.remove(jobId);
        return;
    }
    if (p.value(QStringLiteral("manual")).toBool())
        return;
    if (event.name == QLatin1String("job_fired")) {
        QMutexLocker lock(&m_mutex);
        recordLastRun(jobId, LastRun{qint64(p.value(QStringLiteral("scheduledTimeMs")).toDouble()),
                                     qint64(p.value(QStringLiteral("latenessMs")).toDouble())});
    } else if (event.name == QLatin1String("job_missed")) {
        const QString reason = p.value(QStringLiteral("reason")).toString();
        if (reason == QLatin1String("job_removed"))
            return; // its job is gone, and so are its series
        QMutexLocker lock(&m_mutex);
        m_missed[jobId][reason] += std::max(1, p.value(QStringLiteral("count")).toInt(1));
    }
}

void SchedulerMetrics::seed(const JobRun &run)
{
    const bool started = run.fired() && run.firedMs && run.status != JobRun::Status::Claimed
        && run.status != JobRun::Status::StartFailed;
    if (!started)
        return;
    QMutexLocker lock(&m_mutex);
    recordLastRun(run.jobId, LastRun{run.scheduledMs, *run.firedMs - run.plannedMs});
}

std::optional<QList<SchedulerMetrics::JobDue>> SchedulerMetrics::askJobs() const
{
    const std::shared_ptr<SchedulerAccess> access = m_access;
    return waitForReply<QList<JobDue>>(
        [access](auto reply) {
            access->post([reply](Scheduler &s) {
                QList<JobDue> jobs;
                for (const Job &job : s.jobs())
                    jobs.append(JobDue{job.id(), job.schedulable() ? std::optional<qint64>(s.plannedTime(job)) : std::nullopt});
                std::sort(jobs.begin(), jobs.end(), [](const JobDue &a, const JobDue &b) { return a.jobId < b.jobId; });
                reply(jobs);
            });
        },
        m_waitMs);
}

void SchedulerMetrics::write(MetricsWriter &writer)
{
    const std::optional<QList<JobDue>> answer = askJobs();
    QMutexLocker lock(&m_mutex);
    if (answer)
        m_jobs = *answer;
    else
        qWarning("metrics: the scheduler did not answer within %d ms; job lateness is computed from its last answer", m_waitMs);
    const qint64 now = m_clock->nowMs();
    const QString id = QStringLiteral("job_id");

    const QString lateness = QLatin1String(kLateness);
    writer.family(lateness, QStringLiteral("gauge"),
                  QStringLiteral("How far the next run of a scheduled job (not paused or finished) is behind its "
                                 "planned time (nominal + jitter) now; 0 while it is not due."));
    for (const JobDue &j : std::as_const(m_jobs)) {
        if (j.plannedMs)
            writer.sample(lateness, {{id, j.jobId}}, double(std::max<qint64>(0, now - *j.plannedMs)) / 1000.0);
    }

    const QString lastRun = QLatin1String(kLastRunLateness);
    writer.family(lastRun, QStringLiteral("gauge"),
                  QStringLiteral("How late the last scheduled run of the job was dispatched: dispatch time minus "
                                 "planned time (nominal + jitter)."));
    for (const JobDue &j : std::as_const(m_jobs)) {
        if (auto it = m_lastRun.constFind(j.jobId); it != m_lastRun.cend())
            writer.sample(lastRun, {{id, j.jobId}}, double(it->latenessMs) / 1000.0);
    }

    const QString missed = QLatin1String(kMissed);
    writer.family(missed, QStringLiteral("counter"),
                  QStringLiteral("Scheduled run times of the job missed since the server started, by reason "
                                 "(misfire_grace_exceeded, coalesced, max_instances, resumed_from_now)."));
    for (const JobDue &j : std::as_const(m_jobs)) {
        const QHash<QString, double> counts = m_missed.value(j.jobId);
        QStringList others;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (!automaticReasons().contains(it.key()))
                others.append(it.key());
        }
        others.sort();
        QStringList reasons;
        for (const QString &r : automaticReasons()) {
            if (j.plannedMs || counts.contains(r))
                reasons.append(r);
        }
        reasons += others;
        for (const QString &reason : std::as_const(reasons))
            writer.sample(missed, {{id, j.jobId}, {QStringLiteral("reason"), reason}}, counts.value(reason));
    }
}

} // namespace orrery
