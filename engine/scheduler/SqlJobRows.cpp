#include "scheduler/SqlJobRows.h"

#include "scheduler/JobCodec.h"
#include "store/SqlBackend.h"

#include <QJsonDocument>

namespace orrery {

QString SqlJobRows::jobColumns()
{
    return QStringLiteral("id, name, definition, paused, next_fire, last_fire, revision, created, updated");
}

QString SqlJobRows::runColumns()
{
    return QStringLiteral("id, job_id, scheduled, planned, manual, status, reason, missed_count, last_scheduled, "
                          "fired, ended, workflow_id, instance, lease_until, detail");
}

QString SqlJobRows::runPlaceholders()
{
    return QStringLiteral("?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?");
}

QVariant SqlJobRows::optionalMs(const std::optional<qint64> &ms)
{
    return ms ? QVariant(qlonglong(*ms)) : QVariant(QMetaType(QMetaType::LongLong));
}

std::optional<qint64> SqlJobRows::readMs(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

QString SqlJobRows::jsonText(const QJsonObject &o, const SqlBackend &backend)
{
    QString text = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (backend.adaptsText())
        backend.adaptText(text, true);
    return text;
}

Job SqlJobRows::jobFromQuery(const QSqlQuery &q)
{
    Job job;
    job.def.id = q.value(0).toString();
    job.def.name = q.value(1).toString();
    job.paused = q.value(3).toInt() != 0;
    job.nextFireMs = readMs(q.value(4));
    job.lastFireMs = readMs(q.value(5));
    job.revision = q.value(6).toLongLong();
    job.createdMs = q.value(7).toLongLong();
    job.updatedMs = q.value(8).toLongLong();
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(q.value(2).toString().toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        job.loadError = QStringLiteral("the stored definition is not a JSON object (%1)").arg(pe.errorString());
        job.storedDefinition = QJsonObject{{QStringLiteral("name"), job.def.name}};
        return job;
    }
    QJsonObject definition = doc.object();
    definition.insert(QStringLiteral("id"), job.def.id);
    // The zone and the cron rule are parsed again, so a tzdata update applies to future fire times.
    auto def = JobCodec::parseDefinition(definition, 0);
    if (!def) {
        job.loadError = def.error().message;
        job.storedDefinition = doc.object();
        return job;
    }
    job.def = std::move(def).value();
    return job;
}

JobRun SqlJobRows::runFromQuery(const QSqlQuery &q)
{
    JobRun run;
    run.runId = q.value(0).toString();
    run.jobId = q.value(1).toString();
    run.scheduledMs = q.value(2).toLongLong();
    run.plannedMs = q.value(3).toLongLong();
    run.manual = q.value(4).toInt() != 0;
    run.status = JobRun::parseStatus(q.value(5).toString()).value_or(JobRun::Status::Missed);
    run.reason = q.value(6).toString();
    run.count = q.value(7).toInt();
    run.lastScheduledMs = q.value(8).toLongLong();
    run.firedMs = readMs(q.value(9));
    run.endedMs = readMs(q.value(10));
    run.workflowId = q.value(11).toString();
    run.instanceId = q.value(12).toString();
    run.leaseUntilMs = q.value(13).toLongLong();
    if (!q.value(14).isNull())
        run.detail = QJsonDocument::fromJson(q.value(14).toString().toUtf8()).object();
    return run;
}

QVariant SqlJobRows::text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s); // a null QString would bind as NULL
}

void SqlJobRows::bindRun(QSqlQuery &q, const JobRun &run, const SqlBackend &backend)
{
    q.addBindValue(text(run.runId));
    q.addBindValue(text(run.jobId));
    q.addBindValue(qlonglong(run.scheduledMs));
    q.addBindValue(qlonglong(run.plannedMs));
    q.addBindValue(run.manual ? 1 : 0);
    q.addBindValue(JobRun::statusName(run.status));
    q.addBindValue(text(run.reason));
    q.addBindValue(run.count);
    q.addBindValue(qlonglong(run.lastScheduledMs));
    q.addBindValue(optionalMs(run.firedMs));
    q.addBindValue(optionalMs(run.endedMs));
    q.addBindValue(text(run.workflowId));
    q.addBindValue(text(run.instanceId));
    q.addBindValue(qlonglong(run.leaseUntilMs));
    q.addBindValue(run.detail.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(jsonText(run.detail, backend)));
}

} // namespace orrery
