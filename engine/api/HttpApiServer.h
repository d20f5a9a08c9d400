#pragma once

#include "HttpSettings.h"
#include "RemoteWorkflowSource.h"

#include "core/Result.h"

#include <QHostAddress>
#include <QObject>
#include <functional>
#include <memory>

class QThread;
class QTimer;

namespace orrery {

class ApiRouter;
class AuditLog;
class Engine;
class HttpServerHost;
class MetricsRegistry;
class QueryExecutor;
class StatsRegistry;
class StoreFigures;
class StoreMetrics;
class TokenService;
class WorkerPool;
class WorkerTracker;

struct ApiServerOptions
{
    HttpSettings http;          // limits, security policy (rate limit, auth throttle, CORS, TLS), instance name
    QString version;            // GET /api/version; empty = this build's version
    int tokenReloadMs = 5000;   // re-read tokens from the store this often (CLI changes); 0 = never
    qint64 figuresCacheMs = 10'000; // store figures of /api/stats and /metrics are cached this long
    int queryThreads = 2;       // threads for the API's own store reads
};

// Orrery's REST API server: the Conductor-compatible routes wired to an Engine plus Orrery's
// operations routes (task lists, search, workers, stats, metrics, tokens, audit, OpenAPI), with
// bearer-token authentication and the request policies of HttpSettings, on a thread of its own
// (see HttpServerHost). Store-backed reads and the audit log use the TokenService's store, on
// threads of their own.
// Engine and TokenService are not owned and must outlive the server (stop it first).
class HttpApiServer : public QObject
{
    Q_OBJECT

public:
    HttpApiServer(Engine *engine, TokenService *tokens, ApiServerOptions options = {},
                  QObject *parent = nullptr);
    ~HttpApiServer() override;

    // Extension point for route modules (DLQ, scheduler, ...): `registerFn` runs on the server
    // thread during start(). Call before start().
    void addRoutes(std::function<void(ApiRouter &)> registerFn);
    // The local worker pool for GET /api/conductor/workers (not owned; may be set any time,
    // nullptr to forget it before the pool is destroyed).
    void setWorkerPool(WorkerPool *pool);
    // The remote executions GET /api/workflow/search?source=remote|all reads (client mode; may be
    // set any time, nullptr to forget it).
    void setRemoteWorkflowSource(std::shared_ptr<RemoteWorkflowSource> source);

    // Shared registries other modules fill (they live as long as the server object).
    MetricsRegistry *metrics() const { return m_metrics.get(); }
    // Collectors of /metrics that read the store (the families of a module's own tables).
    StoreMetrics *storeMetrics() const { return m_storeMetrics.get(); }
    StatsRegistry *stats() const { return m_stats.get(); }
    // The audit log (null without a store, or before start()).
    AuditLog *audit() const { return m_audit.get(); }

    // Binds address:port (0 = any free port) and returns the bound port. TLS when the settings
    // name a certificate and key (an unreadable file fails the start, naming it).
    Result<quint16> start(const QHostAddress &address, quint16 port);
    void stop();

    quint16 port() const;
    QThread *serverThread() const;
    const ApiServerOptions &options() const { return m_options; }

    static QString buildVersion();

private:
    void reloadTokens();

    Engine *m_engine;
    TokenService *m_tokens;
    ApiServerOptions m_options;
    QList<std::function<void(ApiRouter &)>> m_modules;
    std::shared_ptr<MetricsRegistry> m_metrics;
    std::shared_ptr<StoreMetrics> m_storeMetrics;
    std::shared_ptr<StatsRegistry> m_stats;
    std::shared_ptr<WorkerTracker> m_tracker;
    std::shared_ptr<std::atomic<WorkerPool *>> m_pool;
    std::shared_ptr<RemoteWorkflowSlot> m_remote = std::make_shared<RemoteWorkflowSlot>();
    std::shared_ptr<QueryExecutor> m_queries;
    std::shared_ptr<AuditLog> m_audit;
    std::shared_ptr<StoreFigures> m_figures;
    QList<int> m_collectors;
    QTimer *m_tokenTimer = nullptr;
    std::unique_ptr<HttpServerHost> m_host;
};

} // namespace orrery
