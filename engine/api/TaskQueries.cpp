#include "TaskQueries.h"

#include "SqlWhere.h"
#include "TaskCursor.h"

#include "core/Task.h"
#include "store/SqlBackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <optional>

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

namespace {

// The filters of `f` with the statuses `statuses` (all of f's, or one of them for a branch).
SqlWhere filterWhere(const TaskListFilter &f, const QStringList &statuses)
{
    SqlWhere where;
    where.addIn(QStringLiteral("t.status"), statuses);
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
    if (f.restrictToProjects) {
        if (f.projects.isEmpty())
            where.add(QStringLiteral("1 = 0"));
        where.addIn(QStringLiteral("w.project_id"), f.projects);
    }
    where.addIn(QStringLiteral("w.name"), f.workflowTypes);
    return where;
}

} // namespace

Result<QJsonObject> TaskQueries::list(QSqlDatabase &db, const SqlBackend &backend, const TaskListFilter &f)
{
    const bool joinWorkflows = f.restrictToProjects || !f.workflowTypes.isEmpty();
    const QString from = joinWorkflows ? QStringLiteral(" FROM tasks t JOIN workflows w ON w.id = t.workflow_id")
                                       : QStringLiteral(" FROM tasks t");
    const QString orderBy = f.orderBy.isEmpty() ? QStringLiteral("t.update_time DESC") : f.orderBy;
    const SqlWhere where = filterWhere(f, f.statuses);

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

    std::optional<TaskCursor> cursor;
    if (!f.after.isEmpty()) {
        Result<TaskCursor> decoded = TaskCursor::decode(f.after, orderBy);
        if (!decoded)
            return decoded.error();
        cursor = std::move(decoded).value();
    }
    const QList<TaskCursor::SortKey> keys = TaskCursor::parseOrder(orderBy);
    QString columns = QStringLiteral("t.json AS j, t.id AS id");
    QString outerOrder;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        columns += QStringLiteral(", %1 AS k%2").arg(keys.at(i).column).arg(i);
        outerOrder += QStringLiteral("k%1%2, ").arg(i).arg(keys.at(i).descending ? QStringLiteral(" DESC") : QString());
    }
    const QString branchOrder = QStringLiteral(" ORDER BY ") + orderBy + QStringLiteral(", t.id");
    // One row more than the page tells whether another page follows.
    const int limit = f.paging.size + 1;
    QJsonArray results;
    QString nextAfter;
    if (f.paging.size > 0 && (atLeast || cursor || f.paging.start < total)) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (f.statuses.size() <= 1) {
            SqlWhere page = where;
            if (cursor)
                cursor->restrict(page);
            q.prepare(QStringLiteral("SELECT ") + columns + from + page.sql() + branchOrder + QStringLiteral(" LIMIT ? OFFSET ?"));
            page.bind(q);
        } else {
            // Several statuses: one ordered branch per status (each reads its own range of the
            // (status, update_time, id) index) merged by the outer ORDER BY, instead of sorting
            // every match of status IN (...).
            QStringList branches;
            QList<SqlWhere> wheres;
            for (const QString &status : f.statuses) {
                SqlWhere branch = filterWhere(f, {status});
                if (cursor)
                    cursor->restrict(branch);
                branches << QStringLiteral("SELECT * FROM (SELECT ") + columns + from + branch.sql() + branchOrder +
                                QStringLiteral(" LIMIT ?) b%1").arg(branches.size());
                wheres << branch;
            }
            q.prepare(branches.join(QStringLiteral(" UNION ALL ")) + QStringLiteral(" ORDER BY ") + outerOrder +
                      QStringLiteral("id LIMIT ? OFFSET ?"));
            for (const SqlWhere &branch : wheres) {
                for (const QVariant &v : branch.values())
                    q.addBindValue(v);
                q.addBindValue(qlonglong(f.paging.start) + limit);
            }
        }
        q.addBindValue(limit);
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
    if (!cursor) {
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
