#pragma once

#include "api/ServerModule.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace orrery {

class ConductorClient;
class ForeignBreakers;
class HttpApiServer;
class NetworkTransport;
class RemoteJobLauncher;
class RemoteWorker;
class StatsRegistry;
class WorkerPool;

// Client mode (docs/conductor-client.md) as a server module. When ServerConfig::conductor has
// clientMode on: a "conductor" thread holding the HTTP client of the server (one circuit breaker
// "conductor:<host:port>"), the remote workers (a WorkerPool of their own with the same task
// types as the local pool) and the scheduler's remote launcher (ServerContext::workflowLauncher).
// Always: the REST routes of ConductorRoutes (status; remote reads when client mode is on).
// Started before the scheduler module; prepareStop() drains the remote workers.
class ConductorClientModule final : public ServerModule
{
public:
    ConductorClientModule();
    ~ConductorClientModule() override;

    QString name() const override { return QStringLiteral("conductor-client"); }
    Result<void> start(ServerContext &context) override;
    void prepareStop() override;
    void stop() override;

private:
    Result<void> startOnThread(ServerContext &context);

    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<QObject> m_home; // parent of everything on the conductor thread
    std::unique_ptr<WorkerPool> m_pool;
    NetworkTransport *m_transport = nullptr;
    ConductorClient *m_client = nullptr;
    RemoteWorker *m_worker = nullptr;
    RemoteJobLauncher *m_launcher = nullptr;
    StatsRegistry *m_stats = nullptr;
    HttpApiServer *m_api = nullptr; // reads the server's executions through a ConductorRemoteSource
    ForeignBreakers *m_foreign = nullptr; // the DLQ module's
    QString m_breakerName;
    int m_drainTimeoutMs = 30000;
    bool m_drained = false;
};

} // namespace orrery
