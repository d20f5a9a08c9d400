#include "TaskQueries.h"

#include "SqlWhere.h"

#include "core/Task.h"
#include "store/SqlBackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace orrery {

const QHash<QString, QString> &TaskQueries::sortColumns()
{
    static const QHash<QString, QString> columns = {
        {QStringLiteral("updateTime"), QStringLiteral("t.update_time")},
        {QStringLiteral("scheduledTime"), QStringLiteral("t.scheduled_time")},
        {QStringLiteral("taskType"), QStringLiteral("t.task_type")},
        {QStringLiteral("status"), QStringLiteral("t.status")},
        {QStringLiteral("referenceTaskName"), QStringLiteral("t.ref_name")},
        {QStringLiteral("workflowId"), QStringLiteral("t.workflow_id")},
        {QStringLiteral("taskId"), QStringLiteral("t.id")},
    };
    return columns;
}

Result<QJsonObject> TaskQueries::list(QSqlDatabase &db, const SqlBackend &backend, const TaskListFilter &f)
{
    SqlWhere where;
    where.addIn(QStringLiteral("t.status"), f.statuses);
    where.addIn(QStringLiteral("t.task_type"), f.taskTypes);
    if (!f.workflowId.isEmpty())
        where.add(QStringLiteral("t.workflow_id = ?"), {f.workflowId});
    const QString time = f.timeColumn == QLatin1String("scheduled_time") ? QStringLiteral("t.scheduled_time")
                                                                          : QStringLiteral("t.update_time");
    if (f.from)
        where.add(time + QStringLiteral(" >= ?"), {qlonglong(*f.from)});
    if (f.to)
        where.add(time + QStringLiteral(" <= ?"), {qlonglong(*f.to)});
    if (!f.text.isEmpty())
        where.addContains(QStringLiteral("t.json"), f.text);
    const bool joinWorkflows = f.restrictToProjects || !f.workflowTypes.isEmpty();
    if (f.restrictToProjects) {
        if (f.projects.isEmpty())
            where.add(QStringLiteral("1 = 0"));
        where.addIn(QStringLiteral("w.project_id"), f.projects);
    }
    where.addIn(QStringLiteral("w.name"), f.workflowTypes);
    const QString from = joinWorkflows ? QStringLiteral(" FROM tasks t JOIN workflows w ON w.id = t.workflow_id")
                                       : QStringLiteral(" FROM tasks t");

    QSqlQuery count(db);
    count.prepare(QStringLiteral("SELECT COUNT(*)") + from + where.sql());
    where.bind(count);
    if (!count.exec() || !count.next())
        return backend.queryError(QStringLiteral("cannot count tasks"), count);
    const qint64 total = count.value(0).toLongLong();

    QJsonArray results;
    if (f.paging.size > 0 && f.paging.start < total) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT t.json") + from + where.sql() + QStringLiteral(" ORDER BY ") +
                  (f.orderBy.isEmpty() ? QStringLiteral("t.update_time DESC") : f.orderBy) +
                  QStringLiteral(", t.id LIMIT ? OFFSET ?"));
        where.bind(q);
        q.addBindValue(f.paging.size);
        q.addBindValue(f.paging.start);
        if (!q.exec())
            return backend.queryError(QStringLiteral("cannot list tasks"), q);
        while (q.next()) {
            const QJsonObject stored = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
            results.append(Task::fromJson(stored).toJson(false));
        }
    }
    return f.paging.page(total, results);
}

Result<QHash<QString, TaskQueries::InFlight>> TaskQueries::inFlightByWorker(QSqlDatabase &db, const SqlBackend &backend)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT task_type, json FROM tasks WHERE status = ?"));
    q.addBindValue(QStringLiteral("IN_PROGRESS"));
    if (!q.exec())
        return backend.queryError(QStringLiteral("cannot read the tasks in progress"), q);
    QHash<QString, InFlight> out;
    while (q.next()) {
        const QJsonObject stored = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
        const QString worker = stored.value(QStringLiteral("workerId")).toString();
        if (worker.isEmpty())
            continue;
        InFlight &f = out[worker];
        ++f.total;
        ++f.byType[q.value(0).toString()];
    }
    return out;
}

} // namespace orrery
