#include "WorkflowQueries.h"

#include "SqlWhere.h"

#include "core/Workflow.h"
#include "store/SqlBackend.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlQuery>

namespace orrery {

namespace {

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
}

} // namespace

const QHash<QString, QString> &WorkflowQueries::sortColumns()
{
    static const QHash<QString, QString> columns = {
        {QStringLiteral("startTime"), QStringLiteral("w.create_time")},
        {QStringLiteral("updateTime"), QStringLiteral("w.update_time")},
        {QStringLiteral("endTime"), QStringLiteral("w.end_time")},
        {QStringLiteral("workflowType"), QStringLiteral("w.name")},
        {QStringLiteral("status"), QStringLiteral("w.status")},
        {QStringLiteral("workflowId"), QStringLiteral("w.id")},
        {QStringLiteral("correlationId"), QStringLiteral("w.correlation_id")},
    };
    return columns;
}

Result<QString> orderByFromSort(const QString &sort, const QHash<QString, QString> &columns, const QString &defaultOrder)
{
    if (sort.trimmed().isEmpty())
        return defaultOrder;
    QStringList parts;
    for (const QString &item : sort.split(u'|', Qt::SkipEmptyParts)) {
        const QString field = item.section(u':', 0, 0).trimmed();
        const QString direction = item.contains(u':') ? item.section(u':', 1).trimmed().toUpper() : QStringLiteral("ASC");
        const auto column = columns.constFind(field);
        if (column == columns.constEnd()) {
            QStringList known = columns.keys();
            known.sort();
            return Error::invalid(QStringLiteral("Query parameter 'sort': unknown field '%1'; use one of %2, as field:ASC or "
                                                 "field:DESC.").arg(field.left(50), known.join(QStringLiteral(", "))),
                                  {{QStringLiteral("sort"), QStringLiteral("unknown sort field"), field.left(50)}});
        }
        if (direction != QLatin1String("ASC") && direction != QLatin1String("DESC"))
            return Error::invalid(QStringLiteral("Query parameter 'sort': direction '%1' must be ASC or DESC.").arg(direction.left(20)),
                                  {{QStringLiteral("sort"), QStringLiteral("direction must be ASC or DESC"), item.left(50)}});
        parts.append(*column + u' ' + direction);
    }
    return parts.isEmpty() ? defaultOrder : parts.join(QStringLiteral(", "));
}

QJsonObject WorkflowQueries::summary(const QJsonObject &stored)
{
    const Workflow wf = Workflow::fromJson(stored);
    QJsonObject o{{QStringLiteral("workflowType"), wf.workflowName},
                  {QStringLiteral("version"), wf.workflowVersion},
                  {QStringLiteral("workflowId"), wf.workflowId},
                  {QStringLiteral("status"), toString(wf.status)},
                  {QStringLiteral("input"), QString::fromUtf8(QJsonDocument(wf.input).toJson(QJsonDocument::Compact))},
                  {QStringLiteral("output"), QString::fromUtf8(QJsonDocument(wf.output).toJson(QJsonDocument::Compact))},
                  {QStringLiteral("executionTime"), wf.endTime > 0 && wf.createTime > 0 ? wf.endTime - wf.createTime : 0},
                  {QStringLiteral("priority"), wf.priority},
                  {QStringLiteral("failedReferenceTaskNames"), wf.failedReferenceTaskNames.join(u',')},
                  {QStringLiteral("failedTaskNames"), QJsonArray::fromStringList(wf.failedTaskNames)}};
    if (!wf.correlationId.isEmpty())
        o.insert(QStringLiteral("correlationId"), wf.correlationId);
    if (wf.createTime > 0)
        o.insert(QStringLiteral("startTime"), iso(wf.createTime));
    if (wf.updateTime > 0)
        o.insert(QStringLiteral("updateTime"), iso(wf.updateTime));
    if (wf.endTime > 0)
        o.insert(QStringLiteral("endTime"), iso(wf.endTime));
    if (!wf.reasonForIncompletion.isEmpty())
        o.insert(QStringLiteral("reasonForIncompletion"), wf.reasonForIncompletion);
    if (!wf.createdBy.isEmpty())
        o.insert(QStringLiteral("createdBy"), wf.createdBy);
    if (!wf.projectId.isEmpty())
        o.insert(QStringLiteral("projectId"), wf.projectId);
    return o;
}

Result<QJsonObject> WorkflowQueries::search(QSqlDatabase &db, const SqlBackend &backend, const SqlWhere &where,
                                            const QString &orderBy, const Paging &paging)
{
    QSqlQuery count(db);
    count.prepare(QStringLiteral("SELECT COUNT(*) FROM workflows w") + where.sql());
    where.bind(count);
    if (!count.exec() || !count.next())
        return backend.queryError(QStringLiteral("cannot count workflows"), count);
    const qint64 total = count.value(0).toLongLong();
    QJsonArray results;
    if (paging.size > 0 && paging.start < total) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT w.json FROM workflows w") + where.sql() + QStringLiteral(" ORDER BY ") + orderBy +
                  QStringLiteral(", w.id LIMIT ? OFFSET ?"));
        where.bind(q);
        q.addBindValue(paging.size);
        q.addBindValue(paging.start);
        if (!q.exec())
            return backend.queryError(QStringLiteral("cannot search workflows"), q);
        while (q.next())
            results.append(summary(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object()));
    }
    return paging.page(total, results);
}

Result<QJsonArray> WorkflowQueries::running(QSqlDatabase &db, const SqlBackend &backend, const QString &name, int version,
                                            std::optional<qint64> from, std::optional<qint64> to,
                                            const std::optional<QStringList> &projects)
{
    SqlWhere where;
    where.add(QStringLiteral("w.name = ?"), {name});
    where.add(QStringLiteral("w.version = ?"), {version});
    where.add(QStringLiteral("w.status = ?"), {QStringLiteral("RUNNING")});
    if (from)
        where.add(QStringLiteral("w.create_time >= ?"), {qlonglong(*from)});
    if (to)
        where.add(QStringLiteral("w.create_time <= ?"), {qlonglong(*to)});
    if (projects) {
        if (projects->isEmpty())
            where.add(QStringLiteral("1 = 0"));
        where.addIn(QStringLiteral("w.project_id"), *projects);
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT w.id FROM workflows w") + where.sql() + QStringLiteral(" ORDER BY w.create_time, w.id"));
    where.bind(q);
    if (!q.exec())
        return backend.queryError(QStringLiteral("cannot list running workflows"), q);
    QJsonArray ids;
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}

} // namespace orrery
