#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/Task.h"
#include "core/TaskDef.h"
#include "core/Workflow.h"
#include "core/WorkflowDef.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace orrery {

class SqlBackend;

struct StoreConfig
{
    // "sqlite:/abs/path/orrery.db" (or a bare file path) or "postgresql://user:pass@host:port/dbname".
    QString url;
    int flushIntervalMs = 2;  // group-commit window
    int maxBatch = 1000;      // pending rows that end the window at once (a batch gathered while the
                              // writer was busy committing the previous one can be larger)
    // Time source for bookkeeping (when a migration was applied); nullptr = SystemClock.
    const Clock *clock = nullptr;
};

// Counters of the writer, for metrics and tests.
struct StoreStats
{
    qint64 changesSubmitted = 0; // save*/remove* calls and log lines, before coalescing
    qint64 rowsWritten = 0;      // rows written or deleted, after coalescing
    qint64 batchesCommitted = 0; // transactions committed
    qint64 batchesFailed = 0;    // batches whose attempts were exhausted (kept and retried)
    qint64 pendingRows = 0;      // rows waiting for a commit, including a failed batch being retried
    qint64 rowsLost = 0;         // rows given up at close() because the database refused them
};

// The newest workflow started with an idempotencyKey.
struct IdempotentStart
{
    QString workflowId;
    WorkflowStatus status = WorkflowStatus::Running;
};

struct WorkflowRecord
{
    Workflow workflow;
    QList<Task> tasks; // ordered by seq
};

// A stored API token (only its hash is kept).
struct TokenRecord
{
    QString id;
    QString name;
    QByteArray hash;      // SHA-256 of the secret
    QString role;         // viewer | operator | admin
    QStringList projects; // empty = all projects
    qint64 createdMs = 0;
    qint64 lastUsedMs = 0;
    bool revoked = false;
};

// Persistent state of the engine. Writes are asynchronous and group-committed on the store's own
// thread (one transaction per batch, flushed every flushIntervalMs or maxBatch changes); a later
// write to the same row in the same batch supersedes the earlier one. Reads use a per-thread
// connection and may be called from any thread. Every method is thread-safe.
class Store
{
public:
    virtual ~Store() = default;

    // Opens the database named by config.url, applies migrations, starts the writer thread.
    // Refuses a schema newer than this binary knows, with a message saying so.
    static Result<std::unique_ptr<Store>> open(const StoreConfig &config);

    virtual QString backendName() const = 0; // "sqlite" | "postgresql"
    virtual int schemaVersion() const = 0;

    // ---- writes (non-blocking) ----
    virtual void saveWorkflow(const Workflow &wf) = 0;          // upsert
    virtual void saveTask(const Task &task) = 0;                // upsert
    virtual void removeWorkflow(const QString &workflowId) = 0; // with its tasks and logs
    virtual void appendTaskLogs(const QList<TaskLog> &logs) = 0;
    virtual void saveTaskDef(const TaskDef &def) = 0;
    virtual void removeTaskDef(const QString &name) = 0;
    virtual void saveWorkflowDef(const WorkflowDef &def) = 0;
    virtual void removeWorkflowDef(const QString &name, int version) = 0;
    virtual void saveToken(const TokenRecord &token) = 0;

    // Runs `done` (on the store thread) once everything submitted before this call is committed,
    // or with the error if that batch failed. This is how an API call waits for durability.
    virtual void whenCommitted(std::function<void(Result<void>)> done) = 0;
    // Blocks until everything submitted so far is committed (shutdown, tests).
    virtual Result<void> flush(int timeoutMs = 30000) = 0;
    // Flushes, stops the writer thread and closes connections. Idempotent.
    virtual void close() = 0;

    virtual StoreStats stats() const = 0;
    // `handler` runs on the store thread when writes start failing (with the error; the failed
    // changes are kept and retried) and when they succeed again (ok). For the "database" breaker.
    virtual void setWriteStatusHandler(std::function<void(Result<void>)> handler) = 0;

    // ---- reads (blocking, any thread) ----
    virtual Result<QList<TaskDef>> loadTaskDefs() = 0;
    virtual Result<QList<WorkflowDef>> loadWorkflowDefs() = 0;
    // Every workflow that is RUNNING or PAUSED, with all its tasks (start-up recovery).
    virtual Result<QList<WorkflowRecord>> loadActiveWorkflows() = 0;
    virtual Result<std::optional<WorkflowRecord>> loadWorkflow(const QString &workflowId) = 0;
    virtual Result<std::optional<Task>> loadTask(const QString &taskId) = 0;
    // The newest stored workflow started with `idempotencyKey` (committed rows only), if any.
    virtual Result<std::optional<IdempotentStart>> findByIdempotencyKey(const QString &idempotencyKey) = 0;
    virtual Result<QList<TaskLog>> loadTaskLogs(const QString &taskId) = 0;
    virtual Result<QList<TokenRecord>> loadTokens() = 0;

    // ---- module tables (DLQ, scheduler, audit, ...) ----
    // Modules whose tables are not on the engine's hot path keep their own SQL: they open a
    // connection of their own to the same database (owned by the calling thread; close it with
    // SqlBackend::closeConnection(name) on that thread) and use the backend's dialect helpers.
    // Their schema versions live in Migrations (one file per module).
    virtual Result<QSqlDatabase> openModuleConnection(const QString &connectionName) = 0;
    virtual const SqlBackend &backend() const = 0;
};

} // namespace orrery
