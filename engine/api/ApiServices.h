#pragma once

#include "QueryExecutor.h"
#include "RemoteWorkflowSource.h"

#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace orrery {

class AuditLog;
class Clock;
class Engine;
class MetricsRegistry;
class RequestContext;
class StatsRegistry;
class StoreFigures;
class StoreMetrics;
class TokenService;
class WorkerPool;
class WorkerTracker;

// What Orrery's own route modules share (built by HttpApiServer). The shared pointers keep the
// services alive for as long as any request that uses them (an engine callback may answer a
// request after the server stopped).
struct ApiServices
{
    Engine *engine = nullptr;
    TokenService *tokens = nullptr;
    const Clock *clock = nullptr;
    QString version;
    std::shared_ptr<QueryExecutor> queries; // null when the server has no store
    std::shared_ptr<AuditLog> audit;        // null when the server has no store
    std::shared_ptr<StoreFigures> figures;
    std::shared_ptr<MetricsRegistry> metrics;
    std::shared_ptr<StoreMetrics> storeMetrics;
    std::shared_ptr<StatsRegistry> stats;
    std::shared_ptr<WorkerTracker> workers;
    // The local worker pool, when the server has one (set before start()).
    std::shared_ptr<std::atomic<WorkerPool *>> pool = std::make_shared<std::atomic<WorkerPool *>>(nullptr);
    // The remote executions (Conductor client mode), when the server has them (set any time).
    std::shared_ptr<RemoteWorkflowSlot> remote = std::make_shared<RemoteWorkflowSlot>();

    qint64 nowMs() const;

    // Runs `job` on an API query thread with its database connection and answers 503 when
    // there is no store, the executor is stopping or the connection cannot be opened. `job`
    // must answer ctx itself (any thread may).
    static void query(const std::shared_ptr<QueryExecutor> &queries, const RequestContext &ctx,
                      std::function<void(QueryExecutor::Connection &c)> job);
};

} // namespace orrery
