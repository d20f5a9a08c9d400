#pragma once

#include "api/HttpApiServer.h"
#include "conductor/ConductorSettings.h"
#include "core/Result.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <memory>
#include <vector>

namespace orrery {

class Engine;
class HealthMonitor;
struct HealthProbeConfig;
class HttpApiServer;
class JsonLogger;
class LocalWorkerBridge;
class Store;
class TokenService;
class WorkerPool;
class ServerModule;

struct ServerConfig
{
    QString dataDir;                 // created (0700) if missing
    QString dbUrl;                   // empty = sqlite:<dataDir>/orrery.db
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8080;             // 0 = any free port
    int localConcurrency = 8;        // per local task type; 0 = no local workers
    qint64 maxBodyBytes = 1024 * 1024;
    bool loadDemo = true;
    // The remote Conductor server the health check watches (GET <url>/health); empty = the
    // ORRERY_CONDUCTOR_URL environment variable, else none (the check is skipped).
    QString conductorUrl;
    // Client mode (conductor.clientMode): Orrery's workers poll that server and the scheduler
    // starts its jobs' workflows there (ConductorClientModule). conductor.url is conductorUrl.
    ConductorSettings conductor;
    ApiServerOptions api;            // TLS, CORS, rate limits (the body limit comes from maxBodyBytes)
};

// The composition root shared by orreryd and the console's local mode: store, engine, local
// worker pool, tokens and the HTTP API, started and stopped in the right order.
class OrreryServer : public QObject
{
    Q_OBJECT

public:
    explicit OrreryServer(ServerConfig config, JsonLogger *logger = nullptr, QObject *parent = nullptr);
    ~OrreryServer() override;

    // What GET /api/engine/lease answers on this server (role "active", the lease holder's
    // record); call before start(). Without it (a SQLite store, the console's local engine) the
    // answer is role "active" with lease "none": a store with one server needs no lease.
    void setLeaseReport(QJsonObject report) { m_leaseReport = std::move(report); }

    Result<void> start();
    // Graceful: stop handing out work, wait up to drainTimeoutMs for local tasks, stop serving,
    // commit, close. Idempotent.
    void stop(int drainTimeoutMs);

    quint16 port() const;
    QString baseUrl() const;
    // Path of the admin token file written on first start (empty when tokens already existed).
    QString createdAdminTokenFile() const { return m_adminTokenFile; }
    QString adminTokenFile() const;
    const ServerConfig &config() const { return m_config; }

    Store *store() const { return m_store.get(); }
    Engine *engine() const { return m_engine.get(); }
    WorkerPool *workerPool() const { return m_pool.get(); }
    TokenService *tokens() const { return m_tokens.get(); }

private:
    Result<void> loadDemoDefinitions();
    void addLeaseRoute();
    HealthProbeConfig healthProbeConfig() const;

    ServerConfig m_config;
    JsonLogger *m_logger;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<WorkerPool> m_pool;
    std::unique_ptr<LocalWorkerBridge> m_bridge;
    std::shared_ptr<HealthMonitor> m_health; // the health_probe task type
    std::unique_ptr<TokenService> m_tokens;
    std::unique_ptr<HttpApiServer> m_api;
    std::vector<std::unique_ptr<ServerModule>> m_modules;
    std::vector<ServerModule *> m_started;
    QString m_adminTokenFile;
    QJsonObject m_leaseReport;
    bool m_stopped = false;
};

} // namespace orrery
