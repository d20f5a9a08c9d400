#pragma once

#include "scheduler/Job.h"
#include "scheduler/JobRun.h"

#include <QSqlQuery>
#include <QVariant>

namespace orrery {

class SqlBackend;

// Rows of scheduler_jobs / scheduler_runs <-> Job / JobRun (the SQL of SqlJobStore).
class SqlJobRows
{
public:
    static QString jobColumns();  // id, name, definition, paused, next_fire, last_fire, revision, created, updated
    static QString runColumns();  // id, job_id, scheduled, planned, manual, status, reason, missed_count,
                                  // last_scheduled, fired, ended, workflow_id, instance, lease_until, detail
    static QString runPlaceholders();

    // A job whose definition cannot be read is returned flagged (loadError), never dropped.
    static Job jobFromQuery(const QSqlQuery &q);
    static JobRun runFromQuery(const QSqlQuery &q);
    static void bindRun(QSqlQuery &q, const JobRun &run, const SqlBackend &backend);

    static QVariant optionalMs(const std::optional<qint64> &ms);
    static std::optional<qint64> readMs(const QVariant &v);
    static QVariant text(const QString &s);
    static QString jsonText(const QJsonObject &o, const SqlBackend &backend);
};

} // namespace orrery
