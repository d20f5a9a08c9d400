#include "store/BatchWriter.h"

#include "store/PendingBatch.h"
#include "store/RowCodec.h"
#include "store/SqlBackend.h"
#include "store/SqliteCheckpointer.h"

namespace orrery {

BatchWriter::BatchWriter(const SqlBackend &backend, QString connectionName, SqliteCheckpointer *checkpointer)
    : m_backend(backend)
    , m_connectionName(std::move(connectionName))
    , m_checkpointer(checkpointer)
    , m_workflows(QStringLiteral("workflows"), RowCodec::workflowColumns(), {QStringLiteral("id")}, RowCodec::jsonColumns())
    , m_tasks(QStringLiteral("tasks"), RowCodec::taskColumns(), {QStringLiteral("id")}, RowCodec::jsonColumns())
    , m_logs(QStringLiteral("task_logs"), RowCodec::logColumns(), {}, {})
    , m_taskDefs(QStringLiteral("task_defs"), RowCodec::taskDefColumns(), {QStringLiteral("name")}, RowCodec::jsonColumns())
    , m_workflowDefs(QStringLiteral("workflow_defs"), RowCodec::workflowDefColumns(),
                     {QStringLiteral("name"), QStringLiteral("version")}, RowCodec::jsonColumns())
    , m_tokens(QStringLiteral("api_tokens"), RowCodec::tokenColumns(), {QStringLiteral("id")}, RowCodec::jsonColumns())
    , m_snapshots(QStringLiteral("workflow_def_snapshots"), RowCodec::snapshotColumns(), {QStringLiteral("id")},
                  RowCodec::jsonColumns())
{
}

BatchWriter::~BatchWriter()
{
    close();
}

Result<void> BatchWriter::open()
{
    close();
    {
        // Scoped: no handle but m_db may outlive a failure below (close() unregisters the connection).
        Result<QSqlDatabase> db = m_backend.openConnection(m_connectionName, QStringLiteral("writer"));
        if (!db)
            return db.error();
        m_db = db.value();
    }
    if (m_checkpointer)
        m_checkpointer->attach(m_db);
    m_transaction = NativeTransaction::open(m_db, m_backend);
    for (RowStatement *s : {&m_workflows, &m_tasks, &m_logs, &m_taskDefs, &m_workflowDefs, &m_tokens, &m_snapshots}) {
        if (Result<void> r = s->prepare(m_db, m_backend, true, m_transaction.get()); !r) {
            close();
            return r;
        }
    }
    const std::pair<Delete *, const char *> deletes[] = {
        {&m_deleteWorkflowLogs, "DELETE FROM task_logs WHERE task_id IN (SELECT id FROM tasks WHERE workflow_id = ?)"},
        {&m_deleteWorkflowTasks, "DELETE FROM tasks WHERE workflow_id = ?"},
        {&m_deleteWorkflow, "DELETE FROM workflows WHERE id = ?"},
        {&m_deleteTaskDef, "DELETE FROM task_defs WHERE name = ?"},
        {&m_deleteWorkflowDef, "DELETE FROM workflow_defs WHERE name = ? AND version = ?"},
    };
    for (const auto &[statement, sql] : deletes) {
        const QString text = QLatin1String(sql);
        Error error;
        statement->native = NativeStatement::prepare(m_db, text, int(text.count(QLatin1Char('?'))), m_backend, &error,
                                                     m_transaction.get());
        if (!statement->native && !error.message.isEmpty()) {
            close();
            return error;
        }
        if (statement->native)
            continue;
        statement->query = QSqlQuery(m_db);
        if (!statement->query.prepare(text)) {
            Error e = m_backend.queryError(QStringLiteral("cannot prepare '%1'").arg(text), statement->query);
            close();
            return e;
        }
    }
    m_open = true;
    return {};
}

void BatchWriter::close()
{
    // Drop the connection (and its driver) before the prepared statements: a statement that
    // outlives its driver is simply forgotten, whereas one destroyed first would send a
    // DEALLOCATE over a connection that may be broken (and warn about it). Native statements are
    // the exception: SQLite keeps a connection with unfinalized statements open.
    for (RowStatement *s : {&m_workflows, &m_tasks, &m_logs, &m_taskDefs, &m_workflowDefs, &m_tokens, &m_snapshots})
        s->finalizeNative();
    for (Delete *d : {&m_deleteWorkflowLogs, &m_deleteWorkflowTasks, &m_deleteWorkflow, &m_deleteTaskDef, &m_deleteWorkflowDef})
        if (d->native)
            d->native->finalize();
    if (m_transaction)
        m_transaction->detach();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    for (RowStatement *s : {&m_workflows, &m_tasks, &m_logs, &m_taskDefs, &m_workflowDefs, &m_tokens, &m_snapshots})
        s->reset();
    for (Delete *d : {&m_deleteWorkflowLogs, &m_deleteWorkflowTasks, &m_deleteWorkflow, &m_deleteTaskDef, &m_deleteWorkflowDef}) {
        d->query = QSqlQuery();
        d->native.reset();
    }
    m_transaction.reset(); // after the statements that point to it
    m_open = false;
}

Result<void> BatchWriter::exec(const QString &sql, const QString &what)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return m_backend.queryError(what, q);
    return {};
}

Result<void> BatchWriter::execPrepared(Delete &d, const QVariantList &values, const QString &what)
{
    if (d.native) {
        if (Result<void> r = d.native->send(values, what); !r)
            return r;
        ++m_deletes;
        return {};
    }
    for (int i = 0; i < values.size(); ++i)
        d.query.bindValue(i, values.at(i));
    if (!d.query.exec())
        return m_backend.queryError(what, d.query);
    ++m_deletes;
    return {};
}

Result<void> BatchWriter::begin()
{
    if (m_transaction)
        return m_transaction->begin(m_backend.beginWriteSql());
    return exec(m_backend.beginWriteSql(), QStringLiteral("cannot start a write transaction"));
}

Result<void> BatchWriter::commit(const PendingBatch &batch)
{
    const QString what = QStringLiteral("cannot commit a batch of %1 change(s)").arg(batch.rowCount());
    return m_transaction ? m_transaction->commit(what) : exec(QStringLiteral("COMMIT"), what);
}

Result<qint64> BatchWriter::write(const PendingBatch &batch)
{
    if (!m_open)
        if (Result<void> r = open(); !r)
            return r.error();
    for (RowStatement *s : {&m_workflows, &m_tasks, &m_logs, &m_taskDefs, &m_workflowDefs, &m_tokens, &m_snapshots})
        s->startBatch();
    m_deletes = 0;
    if (Result<void> r = begin(); !r)
        return r.error();
    m_pendingSnapshots.clear();
    Result<void> r = writeAll(batch);
    if (r)
        r = commit(batch); // a NativeTransaction rolls back by itself when this fails
    if (r)
        m_knownSnapshots.unite(m_pendingSnapshots);
    if (!r) {
        if (m_transaction) {
            m_transaction->rollback(); // if writeAll() failed while queueing
        } else {
            QSqlQuery rollback(m_db);
            rollback.exec(QStringLiteral("ROLLBACK"));
        }
        return r.error();
    }
    qint64 rows = m_deletes;
    for (RowStatement *s : {&m_workflows, &m_tasks, &m_logs, &m_taskDefs, &m_workflowDefs, &m_tokens, &m_snapshots})
        rows += s->rowsWritten();
    return rows;
}

Result<void> BatchWriter::writeAll(const PendingBatch &batch)
{
    // Executions are stored with the id of their definition's snapshot: write each snapshot once.
    for (const PendingBatch::Segment &segment : batch.segments()) {
        for (const Workflow &wf : segment.workflows) {
            const WorkflowDef *def = wf.definition.get();
            if (!def || def->snapshotId.isEmpty() || m_knownSnapshots.contains(def->snapshotId)
                || m_pendingSnapshots.contains(def->snapshotId))
                continue;
            m_pendingSnapshots.insert(def->snapshotId);
            if (Result<void> r = m_snapshots.add(RowCodec::snapshotRow(*def)); !r)
                return r;
        }
    }
    if (Result<void> r = m_snapshots.finish(); !r)
        return r;
    for (const PendingBatch::Segment &segment : batch.segments()) {
        for (const Workflow &wf : segment.workflows)
            if (Result<void> r = m_workflows.add(RowCodec::workflowRow(wf)); !r)
                return r;
        if (Result<void> r = m_workflows.finish(); !r)
            return r;
        for (const Task &task : segment.tasks)
            if (Result<void> r = m_tasks.add(RowCodec::taskRow(task)); !r)
                return r;
        if (Result<void> r = m_tasks.finish(); !r)
            return r;
        for (const TaskLog &log : segment.logs)
            if (Result<void> r = m_logs.add(RowCodec::logRow(log)); !r)
                return r;
        if (Result<void> r = m_logs.finish(); !r)
            return r;
        for (const QString &id : segment.removedWorkflows) {
            const QString what = QStringLiteral("cannot remove workflow '%1'").arg(id);
            for (Delete *q : {&m_deleteWorkflowLogs, &m_deleteWorkflowTasks, &m_deleteWorkflow})
                if (Result<void> r = execPrepared(*q, {id}, what); !r)
                    return r;
        }
    }
    for (auto it = batch.taskDefs().begin(); it != batch.taskDefs().end(); ++it) {
        Result<void> r = it.value() ? m_taskDefs.add(RowCodec::taskDefRow(*it.value()))
                                    : execPrepared(m_deleteTaskDef, {it.key()},
                                                   QStringLiteral("cannot remove task definition '%1'").arg(it.key()));
        if (!r)
            return r;
    }
    if (Result<void> r = m_taskDefs.finish(); !r)
        return r;
    for (auto it = batch.workflowDefs().begin(); it != batch.workflowDefs().end(); ++it) {
        Result<void> r = it.value()
                             ? m_workflowDefs.add(RowCodec::workflowDefRow(*it.value()))
                             : execPrepared(m_deleteWorkflowDef, {it.key().first, it.key().second},
                                            QStringLiteral("cannot remove workflow definition '%1' version %2")
                                                .arg(it.key().first)
                                                .arg(it.key().second));
        if (!r)
            return r;
    }
    if (Result<void> r = m_workflowDefs.finish(); !r)
        return r;
    for (const TokenRecord &token : batch.tokens())
        if (Result<void> r = m_tokens.add(RowCodec::tokenRow(token)); !r)
            return r;
    return m_tokens.finish();
}

} // namespace orrery
