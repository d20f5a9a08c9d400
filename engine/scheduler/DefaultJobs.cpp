#include "scheduler/DefaultJobs.h"

#include "scheduler/CronTrigger.h"
#include "scheduler/IntervalTrigger.h"
#include "scheduler/ZoneParser.h"

#include <QJsonArray>
#include <QTimeZone>

namespace orrery {

QString DefaultJobs::localZoneName()
{
    const QString id = QString::fromUtf8(QTimeZone::systemTimeZoneId());
    return ZoneParser::parse(id) ? id : QStringLiteral("UTC");
}

QList<JobDefinition> DefaultJobs::definitions(qint64 nowMs, const QString &localZone)
{
    QList<JobDefinition> jobs;

    JobDefinition profiling;
    profiling.id = QStringLiteral("nightly-profiling");
    profiling.name = QStringLiteral("Nightly profiling");
    profiling.description = QStringLiteral("Profiles the engine every night and stores a report (demo workflow).");
    profiling.trigger = std::make_shared<CronTrigger>(CronTrigger::create(QStringLiteral("0 2 * * *"), localZone).value());
    profiling.target.name = QStringLiteral("nightly_profiling");
    profiling.misfireGraceSeconds = 6 * 3600;
    jobs.append(profiling);

    JobDefinition cleanup;
    cleanup.id = QStringLiteral("cleanup");
    cleanup.name = QStringLiteral("Cleanup");
    cleanup.description = QStringLiteral("Purges finished executions (COMPLETED, FAILED) older than retentionDays. "
                                         "The dead-letter queue keeps its own retention.");
    cleanup.trigger = std::make_shared<CronTrigger>(CronTrigger::create(QStringLiteral("30 3 * * *"), localZone).value());
    cleanup.target.kind = JobTarget::Kind::Builtin;
    cleanup.target.name = QStringLiteral("cleanup");
    cleanup.target.input = QJsonObject{{QStringLiteral("retentionDays"), 30},
                                       {QStringLiteral("statuses"), QJsonArray{QStringLiteral("COMPLETED"), QStringLiteral("FAILED")}}};
    cleanup.misfireGraceSeconds = 6 * 3600;
    jobs.append(cleanup);

    JobDefinition health;
    health.id = QStringLiteral("health-check");
    health.name = QStringLiteral("Health check");
    health.description = QStringLiteral("Every minute: this server's /healthz, the store (a query and its latency), free disk "
                                        "space of the data directory (minFreePercent, minFreeBytes), and Redis (--redis-url) "
                                        "and a remote Conductor (--conductor-url) when configured. Raises health_checked and, "
                                        "on a change, health_changed; the run fails when a check fails.");
    const qint64 firstHealthCheck = (nowMs / 1000 + 1) * 1000 + 59'000; // a whole second, about a minute from now
    health.trigger = std::make_shared<IntervalTrigger>(IntervalTrigger::create(firstHealthCheck, 60'000).value());
    health.target.name = QStringLiteral("health_check");
    health.target.input = QJsonObject{{QStringLiteral("minFreePercent"), 5},
                                      {QStringLiteral("minFreeBytes"), double(qint64(1) << 30)},
                                      {QStringLiteral("timeoutMs"), 5000},
                                      {QStringLiteral("failOnUnhealthy"), true}};
    health.misfireGraceSeconds = 30;
    jobs.append(health);
    return jobs;
}

} // namespace orrery
