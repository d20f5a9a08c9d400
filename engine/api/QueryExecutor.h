#pragma once

#include "core/Result.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <optional>
#include <functional>
#include <memory>
#include <vector>

class QObject;
class QThread;

namespace orrery {

class SqlBackend;
class Store;

// Runs the API's own read queries (lists, searches, stats, audit) OFF the API server thread
// and off the engine: a few threads of their own, each with its own database connection
// (Store::openModuleConnection), opened on first use and reopened after it breaks.
//
// The store is written behind the engine, so what these queries see may trail the engine by
// the store's group-commit window (a few milliseconds).
class QueryExecutor
{
public:
    struct Connection
    {
        QSqlDatabase db;              // open unless `error` is set
        std::optional<Error> error;   // the connection could not be opened
        const SqlBackend *backend = nullptr;
        // Set by a job whose query failed: the connection is then checked and, if it is gone,
        // reopened for the next job.
        bool failed = false;
    };
    using Job = std::function<void(Connection &connection)>;

    // Takes no ownership of `store`, which must outlive the executor.
    QueryExecutor(Store *store, QString name, int threads = 2);
    ~QueryExecutor();

    void start();
    // Runs the jobs already queued, closes the connections and joins the threads. Idempotent.
    void stop();

    // Queues `job` on the next thread (round robin). False when stopped (the job is dropped).
    bool post(Job job);
    Store *store() const { return m_store; }

private:
    struct Lane;
    Store *m_store;
    QString m_name;
    int m_threadCount;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    unsigned m_next = 0;
    bool m_running = false;
    QMutex m_mutex; // guards m_lanes, m_next, m_running
};

} // namespace orrery
