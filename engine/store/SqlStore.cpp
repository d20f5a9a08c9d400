#include "store/SqlStore.h"

#include "core/Clock.h"
#include "store/ConnectGate.h"
#include "store/PendingBatch.h"
#include "store/ReaderConnections.h"
#include "store/SqlBackend.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QWaitCondition>

namespace orrery {

namespace {
Q_LOGGING_CATEGORY(lcStore, "orrery.store")

struct FlushState
{
    QMutex mutex;
    QWaitCondition done;
    bool finished = false;
    Result<void> result;
};
} // namespace

SqlStore::SqlStore(std::unique_ptr<SqlBackend> backend, const StoreConfig &config, int schemaVersion,
                   const QString &namePrefix)
    : m_backend(std::move(backend))
    , m_schemaVersion(schemaVersion)
    , m_writer(std::make_unique<StoreWriter>(*m_backend, namePrefix + QStringLiteral("-writer"), config.flushIntervalMs,
                                             config.maxBatch))
    , m_connectGate(std::make_unique<ConnectGate>(SystemClock::instance())) // real outages, real time
    , m_readers(std::make_unique<ReaderConnections>(*m_backend, *m_connectGate, namePrefix))
    , m_reader(std::make_unique<StoreReader>(*m_backend, *m_readers))
{
    m_writer->start();
}

SqlStore::~SqlStore()
{
    close();
}

QString SqlStore::backendName() const
{
    return m_backend->name();
}

Result<QSqlDatabase> SqlStore::openModuleConnection(const QString &connectionName)
{
    return m_connectGate->open(*m_backend, connectionName, QStringLiteral("module"));
}

template<typename Op>
void SqlStore::submit(const char *what, const QString &key, Op &&op)
{
    if (!m_writer->submit(std::forward<Op>(op)))
        qCCritical(lcStore).noquote() << "the store is closed; the change to" << what << key << "was NOT written";
}

void SqlStore::saveWorkflow(const Workflow &wf)
{
    submit("workflow", wf.workflowId, [&wf](PendingBatch &b) { b.saveWorkflow(wf); });
}

void SqlStore::saveTask(const Task &task)
{
    submit("task", task.taskId, [&task](PendingBatch &b) { b.saveTask(task); });
}

void SqlStore::removeWorkflow(const QString &workflowId)
{
    submit("workflow", workflowId, [&workflowId](PendingBatch &b) { b.removeWorkflow(workflowId); });
}

void SqlStore::appendTaskLogs(const QList<TaskLog> &logs)
{
    if (logs.isEmpty())
        return;
    submit("the logs of task", logs.first().taskId, [&logs](PendingBatch &b) { b.appendTaskLogs(logs); });
}

void SqlStore::saveTaskDef(const TaskDef &def)
{
    submit("task definition", def.name, [&def](PendingBatch &b) { b.saveTaskDef(def); });
}

void SqlStore::removeTaskDef(const QString &name)
{
    submit("task definition", name, [&name](PendingBatch &b) { b.removeTaskDef(name); });
}

void SqlStore::saveWorkflowDef(const WorkflowDef &def)
{
    submit("workflow definition", def.name, [&def](PendingBatch &b) { b.saveWorkflowDef(def); });
}

void SqlStore::removeWorkflowDef(const QString &name, int version)
{
    submit("workflow definition", name, [&name, version](PendingBatch &b) { b.removeWorkflowDef(name, version); });
}

void SqlStore::saveToken(const TokenRecord &token)
{
    submit("API token", token.id, [&token](PendingBatch &b) { b.saveToken(token); });
}

void SqlStore::whenCommitted(std::function<void(Result<void>)> done)
{
    m_writer->whenCommitted(std::move(done));
}

Result<void> SqlStore::flush(int timeoutMs)
{
    if (m_writer->isWriterThread())
        return Error::internal(QStringLiteral("Store::flush() was called on the store thread (from a whenCommitted "
                                              "callback) and would wait for itself; use whenCommitted instead"));
    auto state = std::make_shared<FlushState>();
    m_writer->whenCommitted(
        [state](Result<void> r) {
            QMutexLocker lock(&state->mutex);
            state->result = std::move(r);
            state->finished = true;
            state->done.wakeAll();
        },
        false); // a flush waits for the retry instead of failing fast
    m_writer->requestFlush();
    const QDeadlineTimer deadline(timeoutMs);
    QMutexLocker lock(&state->mutex);
    while (!state->finished) {
        if (!state->done.wait(&state->mutex, deadline) && !state->finished)
            return Error::unavailable(QStringLiteral("the store did not commit within %1 ms (%2 change(s) pending); "
                                                     "is %3 reachable and writable?")
                                          .arg(timeoutMs)
                                          .arg(m_writer->stats().pendingRows)
                                          .arg(m_backend->url().masked()));
    }
    return state->result;
}

void SqlStore::close()
{
    if (m_closed.exchange(true))
        return;
    if (!m_writer->isWriterThread()) {
        if (Result<void> r = flush(); !r)
            qCCritical(lcStore).noquote() << "closing the store:" << r.error().message;
    }
    m_writer->stop(); // commits what is still pending, then ends the thread
    m_readers->closeAll();
}

StoreStats SqlStore::stats() const
{
    return m_writer->stats();
}

void SqlStore::setWriteStatusHandler(std::function<void(Result<void>)> handler)
{
    m_writer->setStatusHandler(std::move(handler));
}

Result<QList<TaskDef>> SqlStore::loadTaskDefs() { return m_reader->loadTaskDefs(); }
Result<QList<WorkflowDef>> SqlStore::loadWorkflowDefs() { return m_reader->loadWorkflowDefs(); }
Result<QList<WorkflowRecord>> SqlStore::loadActiveWorkflows() { return m_reader->loadActiveWorkflows(); }
Result<std::optional<WorkflowRecord>> SqlStore::loadWorkflow(const QString &id) { return m_reader->loadWorkflow(id); }
Result<std::optional<Task>> SqlStore::loadTask(const QString &taskId) { return m_reader->loadTask(taskId); }
Result<std::optional<IdempotentStart>> SqlStore::findByIdempotencyKey(const QString &key)
{
    return m_reader->findByIdempotencyKey(key);
}
Result<QList<TaskLog>> SqlStore::loadTaskLogs(const QString &taskId) { return m_reader->loadTaskLogs(taskId); }
Result<QList<TokenRecord>> SqlStore::loadTokens() { return m_reader->loadTokens(); }

int SqlStore::readerConnectionCount() const
{
    return m_readers->count();
}

} // namespace orrery
