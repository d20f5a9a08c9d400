#include "store/StoreReader.h"

#include "store/ReaderConnections.h"
#include "store/RecoverySharing.h"
#include "store/RowCodec.h"
#include "store/SqlBackend.h"

#include <QSqlQuery>

namespace orrery {

namespace {

// A read transaction (one snapshot for several SELECTs); always ended, so SQLite's WAL can be
// checkpointed past it.
class ReadTransaction
{
public:
    ReadTransaction(QSqlDatabase &db, const SqlBackend &backend) : m_db(db)
    {
        QSqlQuery q(m_db);
        m_ok = q.exec(backend.beginReadSql());
        if (!m_ok)
            m_error = backend.queryError(QStringLiteral("cannot start a read transaction"), q);
    }
    ~ReadTransaction()
    {
        if (m_ok) {
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("COMMIT"));
        }
    }
    bool ok() const { return m_ok; }
    const Error &error() const { return m_error; }

private:
    QSqlDatabase &m_db;
    bool m_ok = false;
    Error m_error;
};

QSqlQuery forwardQuery(QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    return q;
}

// Workflows that start-up recovery brings back into memory.
constexpr char kActiveStatuses[] = "('RUNNING','PAUSED')";

} // namespace

StoreReader::StoreReader(const SqlBackend &backend, ReaderConnections &connections)
    : m_backend(backend), m_connections(connections)
{
}

template<typename T>
Result<T> StoreReader::read(const std::function<Result<T>(QSqlDatabase &)> &query)
{
    for (int attempt = 1;; ++attempt) {
        Result<QSqlDatabase> db = m_connections.connection();
        if (!db)
            return db.error();
        Result<T> result = query(db.value());
        if (result || attempt == 2 || m_backend.ping(db.value()))
            return result;
        // The connection is broken (server restarted, backend terminated): retry on a new one.
        db = Error();
        m_connections.reconnect();
    }
}

Result<QList<TaskDef>> StoreReader::loadTaskDefs()
{
    return read<QList<TaskDef>>([this](QSqlDatabase &db) -> Result<QList<TaskDef>> {
        QSqlQuery q = forwardQuery(db);
        if (!q.exec(QStringLiteral("SELECT name, json FROM task_defs ORDER BY name")))
            return m_backend.queryError(QStringLiteral("cannot load task definitions"), q);
        QList<TaskDef> defs;
        while (q.next()) {
            const QString what = QStringLiteral("task definition '%1'").arg(q.value(0).toString());
            Result<QJsonObject> json = RowCodec::parseJson(q.value(1), what);
            if (!json)
                return json.error();
            Result<TaskDef> def = TaskDef::fromJson(json.value());
            if (!def)
                return Error::internal(QStringLiteral("stored %1 no longer validates: %2").arg(what, def.error().message));
            defs.append(std::move(def).value());
        }
        return defs;
    });
}

Result<QList<WorkflowDef>> StoreReader::loadWorkflowDefs()
{
    return read<QList<WorkflowDef>>([this](QSqlDatabase &db) -> Result<QList<WorkflowDef>> {
        QSqlQuery q = forwardQuery(db);
        if (!q.exec(QStringLiteral("SELECT name, version, json FROM workflow_defs ORDER BY name, version")))
            return m_backend.queryError(QStringLiteral("cannot load workflow definitions"), q);
        QList<WorkflowDef> defs;
        while (q.next()) {
            const QString what = QStringLiteral("workflow definition '%1' version %2")
                                     .arg(q.value(0).toString())
                                     .arg(q.value(1).toInt());
            Result<QJsonObject> json = RowCodec::parseJson(q.value(2), what);
            if (!json)
                return json.error();
            Result<WorkflowDef> def = WorkflowDef::fromJson(json.value());
            if (!def)
                return Error::internal(QStringLiteral("stored %1 no longer validates: %2").arg(what, def.error().message));
            defs.append(std::move(def).value());
        }
        return defs;
    });
}

Result<QList<Task>> StoreReader::tasksOf(QSqlDatabase &db, const QString &workflowId)
{
    QSqlQuery q = forwardQuery(db);
    q.prepare(QStringLiteral("SELECT id, json FROM tasks WHERE workflow_id = ? ORDER BY seq, id"));
    q.addBindValue(workflowId);
    if (!q.exec())
        return m_backend.queryError(QStringLiteral("cannot load the tasks of workflow '%1'").arg(workflowId), q);
    QList<Task> tasks;
    while (q.next()) {
        Result<QJsonObject> json = RowCodec::parseJson(q.value(1), QStringLiteral("task '%1'").arg(q.value(0).toString()));
        if (!json)
            return json.error();
        tasks.append(Task::fromJson(json.value()));
    }
    return tasks;
}

Result<void> StoreReader::attachDefinitions(QSqlDatabase &db, QList<WorkflowRecord> &records, const QStringList &snapshotIds)
{
    QHash<QString, WorkflowDefPtr> cache;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT json FROM workflow_def_snapshots WHERE id = ?"));
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QString &id = snapshotIds.value(i);
        WorkflowRecord &rec = records[i];
        if (id.isEmpty() || rec.workflow.definition)
            continue;
        auto cached = cache.constFind(id);
        if (cached == cache.constEnd()) {
            q.bindValue(0, id);
            if (!q.exec())
                return m_backend.queryError(QStringLiteral("cannot load workflow definition snapshot '%1'").arg(id), q);
            WorkflowDefPtr def;
            if (q.next()) {
                Result<QJsonObject> json = RowCodec::parseJson(q.value(0), QStringLiteral("definition snapshot '%1'").arg(id));
                if (!json)
                    return json.error();
                Result<WorkflowDef> parsed = WorkflowDef::fromJson(json.value());
                if (parsed) {
                    auto d = std::make_shared<WorkflowDef>(std::move(parsed).value());
                    d->snapshotId = id;
                    def = std::move(d);
                }
            }
            q.finish();
            cached = cache.insert(id, def);
        }
        rec.workflow.definition = *cached;
        if (!rec.workflow.definition)
            continue;
        for (Task &t : rec.tasks)
            if (t.workflowTask.isEmpty())
                if (const WorkflowTask *node = rec.workflow.definition->findForTask(t.referenceTaskName))
                    t.workflowTask = node->json;
    }
    return {};
}

Result<QList<WorkflowRecord>> StoreReader::loadActiveWorkflows()
{
    return read<QList<WorkflowRecord>>([this](QSqlDatabase &db) -> Result<QList<WorkflowRecord>> {
        ReadTransaction tx(db, m_backend);
        if (!tx.ok())
            return tx.error();
        QList<WorkflowRecord> records;
        QStringList snapshotIds;
        QHash<QString, qsizetype> index;
        RecoverySharing::Pool pool;
        {
            QSqlQuery q = forwardQuery(db);
            if (!q.exec(QStringLiteral("SELECT id, json FROM workflows WHERE status IN %1 ORDER BY create_time, id")
                            .arg(QLatin1String(kActiveStatuses))))
                return m_backend.queryError(QStringLiteral("cannot load the active workflows"), q);
            while (q.next()) {
                const QString id = q.value(0).toString();
                Result<QJsonObject> json = RowCodec::parseJson(q.value(1), QStringLiteral("workflow '%1'").arg(id));
                if (!json)
                    return json.error();
                index.insert(id, records.size());
                records.append(WorkflowRecord{Workflow::fromJson(json.value()), {}});
                RecoverySharing::shareNames(records.last().workflow, pool);
                snapshotIds.append(json.value().value(QLatin1String("definitionSnapshot")).toString());
            }
        }
        QSqlQuery q = forwardQuery(db);
        if (!q.exec(QStringLiteral("SELECT t.workflow_id, t.id, t.json FROM tasks t JOIN workflows w ON w.id = t.workflow_id "
                                   "WHERE w.status IN %1 ORDER BY t.workflow_id, t.seq, t.id")
                        .arg(QLatin1String(kActiveStatuses))))
            return m_backend.queryError(QStringLiteral("cannot load the tasks of the active workflows"), q);
        while (q.next()) {
            const auto it = index.constFind(q.value(0).toString());
            if (it == index.constEnd())
                continue;
            Result<QJsonObject> json = RowCodec::parseJson(q.value(2), QStringLiteral("task '%1'").arg(q.value(1).toString()));
            if (!json)
                return json.error();
            WorkflowRecord &rec = records[*it];
            rec.tasks.append(Task::fromJson(json.value()));
            RecoverySharing::shareWithWorkflow(rec.workflow, rec.tasks.last(), pool);
        }
        q.finish();
        if (Result<void> r = attachDefinitions(db, records, snapshotIds); !r)
            return r.error();
        return records;
    });
}

Result<std::optional<WorkflowRecord>> StoreReader::loadWorkflow(const QString &workflowId)
{
    using R = std::optional<WorkflowRecord>;
    return read<R>([this, &workflowId](QSqlDatabase &db) -> Result<R> {
        ReadTransaction tx(db, m_backend);
        if (!tx.ok())
            return tx.error();
        QSqlQuery q = forwardQuery(db);
        q.prepare(QStringLiteral("SELECT json FROM workflows WHERE id = ?"));
        q.addBindValue(workflowId);
        if (!q.exec())
            return m_backend.queryError(QStringLiteral("cannot load workflow '%1'").arg(workflowId), q);
        if (!q.next())
            return R();
        Result<QJsonObject> json = RowCodec::parseJson(q.value(0), QStringLiteral("workflow '%1'").arg(workflowId));
        q.finish();
        if (!json)
            return json.error();
        Result<QList<Task>> tasks = tasksOf(db, workflowId);
        if (!tasks)
            return tasks.error();
        QList<WorkflowRecord> one{WorkflowRecord{Workflow::fromJson(json.value()), std::move(tasks).value()}};
        if (Result<void> r = attachDefinitions(db, one, {json.value().value(QLatin1String("definitionSnapshot")).toString()}); !r)
            return r.error();
        return R(std::move(one.first()));
    });
}

Result<std::optional<Task>> StoreReader::loadTask(const QString &taskId)
{
    using R = std::optional<Task>;
    return read<R>([this, &taskId](QSqlDatabase &db) -> Result<R> {
        QSqlQuery q = forwardQuery(db);
        q.prepare(QStringLiteral("SELECT json FROM tasks WHERE id = ?"));
        q.addBindValue(taskId);
        if (!q.exec())
            return m_backend.queryError(QStringLiteral("cannot load task '%1'").arg(taskId), q);
        if (!q.next())
            return R();
        Result<QJsonObject> json = RowCodec::parseJson(q.value(0), QStringLiteral("task '%1'").arg(taskId));
        if (!json)
            return json.error();
        return R(Task::fromJson(json.value()));
    });
}

Result<std::optional<IdempotentStart>> StoreReader::findByIdempotencyKey(const QString &key)
{
    using R = std::optional<IdempotentStart>;
    return read<R>([this, &key](QSqlDatabase &db) -> Result<R> {
        QSqlQuery q = forwardQuery(db);
        // The condition repeats the partial index's, so both backends use it.
        q.prepare(QStringLiteral("SELECT id, status FROM workflows WHERE idempotency_key = ? AND idempotency_key <> '' "
                                 "ORDER BY create_time DESC, id DESC LIMIT 1"));
        q.addBindValue(key);
        if (!q.exec())
            return m_backend.queryError(QStringLiteral("cannot look up the workflow of idempotencyKey '%1'").arg(key), q);
        if (!q.next())
            return R();
        IdempotentStart found;
        found.workflowId = q.value(0).toString();
        found.status = parseWorkflowStatus(q.value(1).toString()).value_or(WorkflowStatus::Running);
        return R(found);
    });
}

Result<QList<TaskLog>> StoreReader::loadTaskLogs(const QString &taskId)
{
    return read<QList<TaskLog>>([this, &taskId](QSqlDatabase &db) -> Result<QList<TaskLog>> {
        QSqlQuery q = forwardQuery(db);
        q.prepare(QStringLiteral("SELECT created_time, log FROM task_logs WHERE task_id = ? ORDER BY created_time, seq"));
        q.addBindValue(taskId);
        if (!q.exec())
            return m_backend.queryError(QStringLiteral("cannot load the logs of task '%1'").arg(taskId), q);
        QList<TaskLog> logs;
        while (q.next())
            logs.append(TaskLog{taskId, q.value(1).toString(), q.value(0).toLongLong()});
        return logs;
    });
}

Result<QList<TokenRecord>> StoreReader::loadTokens()
{
    return read<QList<TokenRecord>>([this](QSqlDatabase &db) -> Result<QList<TokenRecord>> {
        QSqlQuery q = forwardQuery(db);
        if (!q.exec(QStringLiteral("SELECT %1 FROM api_tokens ORDER BY created, id")
                        .arg(RowCodec::tokenColumns().join(QLatin1Char(',')))))
            return m_backend.queryError(QStringLiteral("cannot load the API tokens"), q);
        QList<TokenRecord> tokens;
        const int columns = int(RowCodec::tokenColumns().size());
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < columns; ++i)
                row << q.value(i);
            Result<TokenRecord> token = RowCodec::tokenFromRow(row);
            if (!token)
                return token.error();
            tokens.append(std::move(token).value());
        }
        return tokens;
    });
}

} // namespace orrery
