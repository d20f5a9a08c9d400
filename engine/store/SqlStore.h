#pragma once

#include "store/Store.h"

#include <atomic>
#include <memory>

namespace orrery {

class ConnectGate;
class ReaderConnections;
class SqlBackend;
class StoreReader;
class StoreWriter;

// The Store on a SQL database (SQLite or PostgreSQL, through SqlBackend): group-committed writes
// on its own writer thread, blocking reads on per-thread connections.
class SqlStore final : public Store
{
public:
    // The schema must already be migrated (Store::open does that).
    SqlStore(std::unique_ptr<SqlBackend> backend, const StoreConfig &config, int schemaVersion, const QString &namePrefix);
    ~SqlStore() override;

    QString backendName() const override;
    Result<QSqlDatabase> openModuleConnection(const QString &connectionName) override;
    const SqlBackend &backend() const override { return *m_backend; }
    int schemaVersion() const override { return m_schemaVersion; }

    void saveWorkflow(const Workflow &wf) override;
    void saveTask(const Task &task) override;
    void removeWorkflow(const QString &workflowId) override;
    void appendTaskLogs(const QList<TaskLog> &logs) override;
    void saveTaskDef(const TaskDef &def) override;
    void removeTaskDef(const QString &name) override;
    void saveWorkflowDef(const WorkflowDef &def) override;
    void removeWorkflowDef(const QString &name, int version) override;
    void saveToken(const TokenRecord &token) override;

    void whenCommitted(std::function<void(Result<void>)> done) override;
    Result<void> flush(int timeoutMs = 30000) override;
    void close() override;
    StoreStats stats() const override;
    void setWriteStatusHandler(std::function<void(Result<void>)> handler) override;

    Result<QList<TaskDef>> loadTaskDefs() override;
    Result<QList<WorkflowDef>> loadWorkflowDefs() override;
    Result<QList<WorkflowRecord>> loadActiveWorkflows() override;
    Result<std::optional<WorkflowRecord>> loadWorkflow(const QString &workflowId) override;
    Result<std::optional<Task>> loadTask(const QString &taskId) override;
    Result<std::optional<IdempotentStart>> findByIdempotencyKey(const QString &idempotencyKey) override;
    Result<QList<TaskLog>> loadTaskLogs(const QString &taskId) override;
    Result<QList<TokenRecord>> loadTokens() override;

    // Reader connections currently open (one per thread that has read), for tests.
    int readerConnectionCount() const;

private:
    template<typename Op>
    void submit(const char *what, const QString &key, Op &&op);

    std::unique_ptr<SqlBackend> m_backend;
    const int m_schemaVersion;
    std::unique_ptr<StoreWriter> m_writer;
    std::unique_ptr<ConnectGate> m_connectGate; // readers' and modules' new connections
    std::unique_ptr<ReaderConnections> m_readers;
    std::unique_ptr<StoreReader> m_reader;
    std::atomic<bool> m_closed{false};
};

} // namespace orrery
