#include "TaskQueries.h"

#include "SqlWhere.h"
#include "TaskCursor.h"

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

    const QString orderBy = f.orderBy.isEmpty() ? QStringLiteral("t.update_time DESC") : f.orderBy;
    // Counting a million matches costs more than the page itself: count up to the cap, unless asked.
    QSqlQuery count(db);
    count.prepare(f.exactTotal ? QStringLiteral("SELECT COUNT(*)") + from + where.sql()
                               : QStringLiteral("SELECT COUNT(*) FROM (SELECT 1") + from + where.sql() +
                                     QStringLiteral(" LIMIT %1) capped").arg(kCountCap + 1));
    where.bind(count);
    if (!count.exec() || !count.next())
        return backend.queryError(QStringLiteral("cannot count tasks"), count);
    qint64 total = count.value(0).toLongLong();
    bool atLeast = !f.exactTotal && total > kCountCap;
    if (atLeast)
        total = kCountCap;
    count.finish();

    if (!f.after.isEmpty()) {
        Result<TaskCursor> cursor = TaskCursor::decode(f.after, orderBy);
        if (!cursor)
            return cursor.error();
        cursor->restrict(where);
    }
    const QList<TaskCursor::SortKey> keys = TaskCursor::parseOrder(orderBy);
    QJsonArray results;
    QString nextAfter;
    if (f.paging.size > 0 && (atLeast || !f.after.isEmpty() || f.paging.start < total)) {
        QString columns = QStringLiteral("t.json, t.id");
        for (const TaskCursor::SortKey &k : keys)
            columns += QStringLiteral(", ") + k.column;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        // One row more than the page tells whether another page follows.
        q.prepare(QStringLiteral("SELECT ") + columns + from + where.sql() + QStringLiteral(" ORDER BY ") + orderBy +
                  QStringLiteral(", t.id LIMIT ? OFFSET ?"));
        where.bind(q);
        q.addBindValue(f.paging.size + 1);
        q.addBindValue(f.paging.start);
        if (!q.exec())
            return backend.queryError(QStringLiteral("cannot list tasks"), q);
        QVariantList lastKeys;
        QString lastId;
        while (q.next()) {
            if (results.size() == f.paging.size) {
                nextAfter = TaskCursor::encode(orderBy, lastKeys, lastId);
                break;
            }
            const QJsonObject stored = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
            results.append(Task::fromJson(stored).toJson(false));
            lastId = q.value(1).toString();
            lastKeys.clear();
            for (int i = 0; i < keys.size(); ++i)
                lastKeys.append(q.value(2 + i));
        }
    }
    // Rows seen on this page prove at least that many matches (a deep page of a capped count).
    if (f.after.isEmpty()) {
        const qint64 seen = qint64(f.paging.start) + results.size() + (nextAfter.isEmpty() ? 0 : 1);
        if (seen > total) {
            total = seen;
            atLeast = !nextAfter.isEmpty();
        }
    }
    QJsonObject page = f.paging.page(total, results);
    page.insert(QStringLiteral("totalHitsRelation"), atLeast ? QStringLiteral("gte") : QStringLiteral("eq"));
    if (!nextAfter.isEmpty())
        page.insert(QStringLiteral("nextAfter"), nextAfter);
    return page;
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
