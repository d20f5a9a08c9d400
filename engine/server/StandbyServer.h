#pragma once

#include "ActiveForwarder.h"

#include "api/HttpSettings.h"
#include "core/Result.h"
#include "runtime/EngineLease.h"

#include <QHostAddress>
#include <QObject>
#include <memory>

namespace orrery {

class ActiveInstance;
class EventBus;
class HttpApiServer;
class QueryExecutor;
class RealtimeService;
class RedisBridge;
class Store;
class TokenService;

// What an orreryd serves while it is a standby (it does not hold the engine lease of its
// PostgreSQL store, so it runs no engine), on the address the active server would use and with
// the same HTTP settings (TLS, CORS, limits) and tokens (read from the shared store):
//   GET /healthz            200 {healthy, engineRunning: false, role: "standby", instance, active}
//   GET /api/engine/lease   200 {role: "standby", instance, active: {instance, url, since}, error?}
//   GET /metrics            orrery_engine_lease_active 0 (no token)
//   GET /health             503 {healthy: false} (a load balancer's check: send traffic elsewhere)
//   reads from the store    StandbyReadRoutes (same auth and scopes as the active)
//   worker polls            503 + activeUrl (a worker follows X-Orrery-Active-Url itself)
//   Socket.IO /socket.io/   the hub, fed by the active's events through Redis (only when
//                           ORRERY_REDIS_URL is set; without Redis the upgrade is refused, 404)
//   everything else         forwarded to the active (ActiveForwarder), or 503 + activeUrl when
//                           forwarding is off or the active cannot be reached
// Lives on the thread that creates it; the HTTP server runs on a thread of its own.
class StandbyServer : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString instance;         // this instance's name ("host:pid")
        QString dbUrl;            // the shared PostgreSQL store
        HttpSettings http;        // as the active server's (TLS, CORS, limits)
        ActiveForwarder::Settings forwarding;
    };

    explicit StandbyServer(Settings settings, QObject *parent = nullptr);
    ~StandbyServer() override;

    // Opens the store and its tokens, binds address:port (0 = a free port) and returns the bound port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // Stops serving and drops every connection (before the active server binds the port),
    // closes the hub, the Redis fan-out and the store. Idempotent.
    void close();

    // Thread-safe (the API thread reads them). The advertised URL is the one this instance
    // publishes once active: a lease record naming it is never forwarded to.
    void setAdvertisedUrl(const QString &url);
    void setActive(const EngineLeaseHolder &active);
    void setLastError(const QString &error);

    static constexpr const char *kActiveHeader = "X-Orrery-Active-Url";

private:
    Result<void> startHub();

    Settings m_settings;
    std::shared_ptr<ActiveInstance> m_active;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<TokenService> m_tokens;
    std::shared_ptr<QueryExecutor> m_reads; // the store-backed reads' own connections
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<RedisBridge> m_redis;
    std::unique_ptr<RealtimeService> m_hub;
    std::unique_ptr<HttpApiServer> m_api;
};

} // namespace orrery
