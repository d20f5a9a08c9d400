#pragma once

#include "core/Result.h"
#include "store/Store.h"

#include <QSqlDatabase>
#include <functional>

namespace orrery {

class ReaderConnections;
class SqlBackend;

// The read side of the store: blocking queries on the calling thread's own connection. Reads see
// committed data only (changes still waiting in the writer's batch are not visible). A read that
// fails on a connection that no longer answers is retried once on a fresh connection.
class StoreReader
{
public:
    StoreReader(const SqlBackend &backend, ReaderConnections &connections);

    Result<QList<TaskDef>> loadTaskDefs();
    Result<QList<WorkflowDef>> loadWorkflowDefs();
    Result<QList<WorkflowRecord>> loadActiveWorkflows();
    Result<std::optional<WorkflowRecord>> loadWorkflow(const QString &workflowId);
    Result<std::optional<Task>> loadTask(const QString &taskId);
    Result<std::optional<IdempotentStart>> findByIdempotencyKey(const QString &idempotencyKey);
    Result<QList<TaskLog>> loadTaskLogs(const QString &taskId);
    Result<QList<TokenRecord>> loadTokens();

private:
    template<typename T>
    Result<T> read(const std::function<Result<T>(QSqlDatabase &)> &query);
    Result<QList<Task>> tasksOf(QSqlDatabase &db, const QString &workflowId);
    // Executions are stored with the id of their definition's snapshot; this puts the definition
    // back (and each task's definition node). snapshotIds[i] belongs to records[i].
    Result<void> attachDefinitions(QSqlDatabase &db, QList<WorkflowRecord> &records, const QStringList &snapshotIds);

    const SqlBackend &m_backend;
    ReaderConnections &m_connections;
};

} // namespace orrery
