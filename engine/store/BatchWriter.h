#pragma once

#include "core/Result.h"
#include "store/NativeTransaction.h"
#include "store/RowStatement.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSet>
#include <QString>

namespace orrery {

class PendingBatch;
class SqlBackend;
class SqliteCheckpointer;

// Writes a PendingBatch in one transaction on the writer connection: serialises the domain objects
// to JSON (on the writer thread, not the callers'), then runs prepared multi-row upserts. On
// PostgreSQL the transaction is a NativeTransaction (libpq pipeline): BEGIN, every statement and
// COMMIT in one round trip. Owned and used by the writer thread only.
class BatchWriter
{
public:
    // `checkpointer` (SQLite, may be null) takes over the WAL checkpoints of each connection opened.
    BatchWriter(const SqlBackend &backend, QString connectionName, SqliteCheckpointer *checkpointer = nullptr);
    ~BatchWriter();

    // Opens (or re-opens) the connection and prepares every statement.
    Result<void> open();
    void close();
    bool isOpen() const { return m_open; }

    // One transaction; rolled back on the first error. Returns the number of rows written.
    Result<qint64> write(const PendingBatch &batch);

private:
    Result<void> writeAll(const PendingBatch &batch);
    Result<void> exec(const QString &sql, const QString &what);
    // A prepared DELETE: natively (and queued into the transaction) where the driver allows.
    struct Delete
    {
        QSqlQuery query;
        std::unique_ptr<NativeStatement> native;
    };
    Result<void> execPrepared(Delete &d, const QVariantList &values, const QString &what);
    Result<void> begin();
    Result<void> commit(const PendingBatch &batch);

    const SqlBackend &m_backend;
    QString m_connectionName;
    SqliteCheckpointer *m_checkpointer = nullptr;
    QSqlDatabase m_db;
    bool m_open = false;
    std::unique_ptr<NativeTransaction> m_transaction; // or null: BEGIN/COMMIT through QSqlQuery
    RowStatement m_workflows;
    RowStatement m_tasks;
    RowStatement m_logs;
    RowStatement m_taskDefs;
    RowStatement m_workflowDefs;
    RowStatement m_tokens;
    RowStatement m_snapshots;
    QSet<QString> m_knownSnapshots;   // committed workflow_def_snapshots ids
    QSet<QString> m_pendingSnapshots; // written in the open transaction
    Delete m_deleteWorkflowLogs;
    Delete m_deleteWorkflowTasks;
    Delete m_deleteWorkflow;
    Delete m_deleteTaskDef;
    Delete m_deleteWorkflowDef;
    qint64 m_deletes = 0;
};

} // namespace orrery
