#include "DlqTable.h"

#include "store/SqlBackend.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace orrery {

namespace {

const QString kColumns = QStringLiteral(
    "id, workflow_id, ref_name, task_type, task_id, project_id, reason_class, status, attempt_count, dead_count, "
    "first_failure_time, last_failure_time, created_time, updated_time, search_text, json");

// A null QString binds as SQL NULL: text columns are NOT NULL, so bind '' instead.
QString text(const QString &s) { return s.isNull() ? QStringLiteral("") : s; }

} // namespace

QJsonObject DlqCounts::toJson(const QHash<QString, qint64> &counts)
{
    QJsonObject o;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        o.insert(it.key(), double(it.value()));
    return o;
}

QJsonObject DlqCounts::toJson(qint64 nowMs) const
{
    QJsonObject o{{QStringLiteral("depth"), double(depth)},
                  {QStringLiteral("total"), double(total)},
                  {QStringLiteral("byStatus"), toJson(byStatus)},
                  {QStringLiteral("byType"), toJson(byType)},
                  {QStringLiteral("byReason"), toJson(byReason)},
                  {QStringLiteral("byProject"), toJson(byProject)}};
    if (oldestDeadMs > 0) {
        o.insert(QStringLiteral("oldestFirstFailureTime"), double(oldestDeadMs));
        o.insert(QStringLiteral("oldestAgeMs"), double(std::max<qint64>(0, nowMs - oldestDeadMs)));
    }
    return o;
}

DlqTable::DlqTable(QSqlDatabase db, const SqlBackend &backend) : m_db(std::move(db)), m_backend(backend) {}

Result<void> DlqTable::check()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM dlq_entries WHERE 1 = 0"))
        || !q.exec(QStringLiteral("SELECT COUNT(*) FROM dlq_counters WHERE 1 = 0")))
        return m_backend.queryError(QStringLiteral("the dead-letter queue tables (schema version 2) are missing "
                                                   "from %1; was it migrated by another build?")
                                        .arg(m_backend.url().masked()),
                                    q);
    return {};
}

Result<int> DlqTable::exec(const QString &sql, const QVariantList &binds, const QString &what)
{
    return m_backend.execute(m_db, sql, binds, what);
}

Result<void> DlqTable::save(const DeadLetterEntry &e)
{
    QString json = QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact));
    QString search = e.searchText();
    m_backend.adaptText(json, true);
    m_backend.adaptText(search, false);
    const QVariantList binds{text(e.id), text(e.workflowId), text(e.referenceTaskName), text(e.taskType), text(e.taskId),
                             text(e.projectId), text(e.reasonClass), DeadLetterEntry::statusName(e.status),
                             int(e.attempts.size()), e.deadCount, e.firstFailureMs, e.lastFailureMs, e.createdMs,
                             e.updatedMs, text(search), json};
    const QString sql = QStringLiteral(
        "INSERT INTO dlq_entries (%1) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET "
        "workflow_id=excluded.workflow_id, ref_name=excluded.ref_name, task_type=excluded.task_type, "
        "task_id=excluded.task_id, project_id=excluded.project_id, reason_class=excluded.reason_class, "
        "status=excluded.status, attempt_count=excluded.attempt_count, dead_count=excluded.dead_count, "
        "first_failure_time=excluded.first_failure_time, last_failure_time=excluded.last_failure_time, "
        "created_time=excluded.created_time, updated_time=excluded.updated_time, "
        "search_text=excluded.search_text, json=excluded.json").arg(kColumns);
    auto r = exec(sql, binds, QStringLiteral("cannot save DLQ entry %1").arg(e.id));
    if (!r.ok())
        return r.error();
    return {};
}

Result<QList<DeadLetterEntry>> DlqTable::select(const QString &whereAndTail, const QVariantList &binds)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT json FROM dlq_entries") + whereAndTail))
        return m_backend.queryError(QStringLiteral("cannot read the DLQ"), q);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return m_backend.queryError(QStringLiteral("cannot read the DLQ"), q);
    QList<DeadLetterEntry> out;
    while (q.next()) {
        auto e = DeadLetterEntry::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
        if (!e.ok())
            return e.error();
        out.append(std::move(e).value());
    }
    return out;
}

Result<std::optional<DeadLetterEntry>> DlqTable::get(const QString &id)
{
    auto rows = select(QStringLiteral(" WHERE id = ?"), {id});
    if (!rows.ok())
        return rows.error();
    if (rows->isEmpty())
        return std::optional<DeadLetterEntry>();
    return std::optional<DeadLetterEntry>(rows->first());
}

Result<std::optional<DeadLetterEntry>> DlqTable::findByRef(const QString &workflowId, const QString &ref)
{
    auto rows = select(QStringLiteral(" WHERE workflow_id = ? AND ref_name = ?"), {workflowId, ref});
    if (!rows.ok())
        return rows.error();
    if (rows->isEmpty())
        return std::optional<DeadLetterEntry>();
    return std::optional<DeadLetterEntry>(rows->first());
}

Result<QList<DeadLetterEntry>> DlqTable::list(const DlqFilter &filter, int offset, int limit)
{
    QVariantList binds;
    QString sql = filter.sqlWhere(binds);
    sql += QStringLiteral(" ORDER BY last_failure_time DESC, id LIMIT ? OFFSET ?");
    binds << limit << offset;
    return select(sql, binds);
}

Result<qint64> DlqTable::count(const DlqFilter &filter)
{
    QVariantList binds;
    const QString where = filter.sqlWhere(binds);
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral("SELECT COUNT(*) FROM dlq_entries") + where))
        return m_backend.queryError(QStringLiteral("cannot count DLQ entries"), q);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        return m_backend.queryError(QStringLiteral("cannot count DLQ entries"), q);
    return q.value(0).toLongLong();
}

Result<QStringList> DlqTable::ids(const DlqFilter &filter, int limit)
{
    QVariantList binds;
    QString sql = QStringLiteral("SELECT id FROM dlq_entries") + filter.sqlWhere(binds)
        + QStringLiteral(" ORDER BY first_failure_time, id LIMIT ?");
    binds << limit;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return m_backend.queryError(QStringLiteral("cannot select DLQ entries"), q);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return m_backend.queryError(QStringLiteral("cannot select DLQ entries"), q);
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

Result<int> DlqTable::remove(const QString &id)
{
    return exec(QStringLiteral("DELETE FROM dlq_entries WHERE id = ?"), {id},
                QStringLiteral("cannot delete DLQ entry %1").arg(id));
}

Result<int> DlqTable::removeMatching(const DlqFilter &filter)
{
    QVariantList binds;
    const QString where = filter.sqlWhere(binds);
    return exec(QStringLiteral("DELETE FROM dlq_entries") + where, binds, QStringLiteral("cannot purge DLQ entries"));
}

Result<int> DlqTable::removeOlderThan(qint64 cutoffMs, int limit)
{
    return exec(QStringLiteral("DELETE FROM dlq_entries WHERE id IN (SELECT id FROM dlq_entries WHERE "
                               "last_failure_time < ? ORDER BY last_failure_time, id LIMIT ?)"),
                {cutoffMs, limit}, QStringLiteral("cannot evict expired DLQ entries"));
}

Result<int> DlqTable::trimTo(qint64 maxEntries)
{
    DlqFilter everything; // no criteria, every status
    auto total = count(everything);
    if (!total.ok())
        return total.error();
    const qint64 excess = *total - maxEntries;
    if (excess <= 0)
        return 0;
    return exec(QStringLiteral("DELETE FROM dlq_entries WHERE id IN (SELECT id FROM dlq_entries "
                               "ORDER BY last_failure_time, id LIMIT ?)"),
                {excess}, QStringLiteral("cannot evict the oldest DLQ entries"));
}

Result<DlqCounts> DlqTable::counts()
{
    DlqCounts c;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    auto group = [&](const char *column, QHash<QString, qint64> &into, bool deadOnly) -> Result<void> {
        const QString sql = QStringLiteral("SELECT %1, COUNT(*) FROM dlq_entries %2 GROUP BY %1")
                                .arg(QLatin1String(column), deadOnly ? QStringLiteral("WHERE status = 'DEAD'") : QString());
        if (!q.exec(sql))
            return m_backend.queryError(QStringLiteral("cannot compute DLQ statistics"), q);
        while (q.next())
            into.insert(q.value(0).toString(), q.value(1).toLongLong());
        return {};
    };
    for (auto [column, into, deadOnly] : {std::tuple{"status", &c.byStatus, false}, std::tuple{"task_type", &c.byType, true},
                                          std::tuple{"reason_class", &c.byReason, true},
                                          std::tuple{"project_id", &c.byProject, true}}) {
        if (auto r = group(column, *into, deadOnly); !r.ok())
            return r.error();
    }
    for (auto it = c.byStatus.cbegin(); it != c.byStatus.cend(); ++it)
        c.total += it.value();
    c.depth = c.byStatus.value(QStringLiteral("DEAD"));
    if (!q.exec(QStringLiteral("SELECT MIN(first_failure_time) FROM dlq_entries WHERE status = 'DEAD'")))
        return m_backend.queryError(QStringLiteral("cannot compute DLQ statistics"), q);
    if (q.next() && !q.value(0).isNull())
        c.oldestDeadMs = q.value(0).toLongLong();
    return c;
}

Result<QMap<QString, QHash<QString, qint64>>> DlqTable::countsByTypeAndStatus()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT task_type, status, COUNT(*) FROM dlq_entries GROUP BY task_type, status")))
        return m_backend.queryError(QStringLiteral("cannot count DLQ entries by task type and status"), q);
    QMap<QString, QHash<QString, qint64>> out;
    while (q.next())
        out[q.value(0).toString()].insert(q.value(1).toString(), q.value(2).toLongLong());
    return out;
}

Result<int> DlqTable::reviveReplaying(qint64 nowMs)
{
    auto stuck = select(QStringLiteral(" WHERE status = 'REPLAYING'"), {});
    if (!stuck.ok())
        return stuck.error();
    for (DeadLetterEntry &e : stuck.value()) {
        e.status = DeadLetterEntry::Status::Dead;
        e.updatedMs = nowMs;
        if (auto r = save(e); !r.ok())
            return r.error();
    }
    return int(stuck->size());
}

Result<QHash<QString, qint64>> DlqTable::counters()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT name, value FROM dlq_counters")))
        return m_backend.queryError(QStringLiteral("cannot read the DLQ counters"), q);
    QHash<QString, qint64> out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toLongLong());
    return out;
}

Result<void> DlqTable::addToCounter(const QString &name, qint64 delta)
{
    auto r = exec(QStringLiteral("INSERT INTO dlq_counters (name, value) VALUES (?, ?) "
                                 "ON CONFLICT (name) DO UPDATE SET value = dlq_counters.value + excluded.value"),
                  {name, delta}, QStringLiteral("cannot update the DLQ counter %1").arg(name));
    if (!r.ok())
        return r.error();
    return {};
}

} // namespace orrery
