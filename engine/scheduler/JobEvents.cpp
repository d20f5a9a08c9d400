#include "scheduler/JobEvents.h"

#include "scheduler/IsoDateTime.h"

namespace orrery {

EngineEvent JobEvents::jobEvent(const QString &name, const Job &job, qint64 nowMs, const QJsonObject &extra)
{
    const QTimeZone zone = job.def.displayZone();
    QJsonObject payload{{QStringLiteral("jobId"), job.id()},
                        {QStringLiteral("jobName"), job.def.name},
                        {QStringLiteral("state"), job.stateName()},
                        {QStringLiteral("nextRunTime"),
                         job.nextFireMs ? QJsonValue(IsoDateTime::format(*job.nextFireMs, zone)) : QJsonValue()}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        payload.insert(it.key(), it.value());
    return EngineEvent{name, job.def.target.projectId, nowMs, payload};
}

EngineEvent JobEvents::runEvent(const QString &name, const Job *job, const JobRun &run, qint64 nowMs,
                                const QJsonObject &extra)
{
    const QTimeZone zone = job ? job->def.displayZone() : QTimeZone(QByteArrayLiteral("UTC"));
    QJsonObject payload{{QStringLiteral("jobId"), run.jobId},
                        {QStringLiteral("jobName"), job ? job->def.name : QString()},
                        {QStringLiteral("runId"), run.runId},
                        {QStringLiteral("scheduledTime"), IsoDateTime::format(run.scheduledMs, zone)},
                        {QStringLiteral("scheduledTimeMs"), double(run.scheduledMs)},
                        {QStringLiteral("plannedTimeMs"), double(run.plannedMs)},
                        {QStringLiteral("manual"), run.manual}};
    if (!run.reason.isEmpty())
        payload.insert(QStringLiteral("reason"), run.reason);
    if (run.count > 1) {
        payload.insert(QStringLiteral("count"), run.count);
        payload.insert(QStringLiteral("lastScheduledTime"), IsoDateTime::format(run.lastScheduledMs, zone));
    }
    if (!run.workflowId.isEmpty())
        payload.insert(QStringLiteral("workflowId"), run.workflowId);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        payload.insert(it.key(), it.value());
    return EngineEvent{name, job ? job->def.target.projectId : QString(), nowMs, payload};
}

} // namespace orrery
