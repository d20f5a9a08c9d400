#include "StandbyServer.h"

#include "ActiveInstance.h"
#include "StandbyReadRoutes.h"

#include "api/ApiRouter.h"
#include "api/ApiServices.h"
#include "api/HttpApiServer.h"
#include "api/QueryExecutor.h"
#include "api/TokenService.h"
#include "api/realtime/RealtimeConfig.h"
#include "api/realtime/RealtimeService.h"
#include "core/OrreryEnvironment.h"
#include "events/EventBus.h"
#include "events/RedisBridge.h"
#include "store/Store.h"

namespace orrery {

StandbyServer::StandbyServer(Settings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)),
      m_active(std::make_shared<ActiveInstance>(m_settings.instance))
{
}

StandbyServer::~StandbyServer() { close(); }

void StandbyServer::setAdvertisedUrl(const QString &url) { m_active->setSelfUrl(url); }

void StandbyServer::setActive(const EngineLeaseHolder &active) { m_active->setHolder(active); }

void StandbyServer::setLastError(const QString &error) { m_active->setLastError(error); }

Result<void> StandbyServer::startHub()
{
    auto config = RealtimeConfig::fromEnvironment(OrreryEnvironment::ofProcess());
    if (!config.ok())
        return config.error();
    if (!config->redisEnabled)
        return {}; // no events to serve: clients of the hub are refused until this instance takes over
    m_bus = std::make_unique<EventBus>();
    m_redis = std::make_unique<RedisBridge>(config->redis, m_bus.get());
    if (auto r = m_redis->start(); !r.ok())
        return r;
    RedisBridge *redis = m_redis.get();
    m_hub = std::make_unique<RealtimeService>(config->hub, m_tokens.get(), m_bus.get(), [redis] { return redis->stats(); });
    return {};
}

Result<quint16> StandbyServer::listen(const QHostAddress &address, quint16 port)
{
    close();
    auto store = Store::open(StoreConfig{m_settings.dbUrl});
    if (!store.ok())
        return store.error();
    m_store = std::move(store).value();
    m_tokens = std::make_unique<TokenService>(m_store.get(), nullptr);
    if (auto r = m_tokens->load(); !r.ok())
        return r.error();
    if (auto r = startHub(); !r.ok())
        return r.error();

    ApiServerOptions options;
    options.http = m_settings.http;
    m_api = std::make_unique<HttpApiServer>(nullptr, m_tokens.get(), options);
    const std::shared_ptr<const ActiveInstance> active = m_active;
    Store *st = m_store.get();
    RealtimeService *hub = m_hub.get();
    const ActiveForwarder::Settings forwarding = m_settings.forwarding;
    m_reads = std::make_shared<QueryExecutor>(st, QStringLiteral("orrery-standby-read"), 2);
    m_reads->start();
    ApiServices services; // the store-backed reads need only their query threads
    services.queries = m_reads;
    m_api->addRoutes([active, st, hub, forwarding, services](ApiRouter &router) {
        // Runs on the server thread, after the full API's routes: keep the store-backed reads,
        // add the standby's own routes, send the rest to the active.
        router.retainRoutes([](const QByteArray &method, const QString &pattern) {
            return StandbyReadRoutes::keeps(method, pattern) || (method == "GET" && (pattern == QLatin1String("/health")
                                                                                    || pattern == QLatin1String("/api/health")));
        });
        StandbyReadRoutes::registerRoutes(router, services, st);
        router.add("GET", QStringLiteral("/healthz"), Access::Anonymous, [active](const RequestContext &ctx) {
            QJsonObject o = active->leaseJson();
            o.insert(QStringLiteral("healthy"), true);
            o.insert(QStringLiteral("engineRunning"), false);
            ctx.replyJson(o);
        }).summary(QStringLiteral("Liveness of a standby")).tag(QStringLiteral("health"));
        router.add("GET", QStringLiteral("/api/engine/lease"), Access::Anonymous,
                   [active](const RequestContext &ctx) { ctx.replyJson(active->leaseJson()); })
            .summary(QStringLiteral("Engine lease (standby)")).tag(QStringLiteral("health"));
        router.add("GET", QStringLiteral("/metrics"), Access::Anonymous, [](const RequestContext &ctx) {
            HttpResponse r;
            r.contentType = "text/plain; version=0.0.4; charset=utf-8";
            r.body = QByteArrayLiteral("# HELP orrery_engine_lease_active 1 while this instance holds the engine "
                                       "lease and runs the engine\n"
                                       "# TYPE orrery_engine_lease_active gauge\n"
                                       "orrery_engine_lease_active 0\n");
            ctx.reply(std::move(r));
        }).summary(QStringLiteral("Metrics of a standby")).tag(QStringLiteral("health"));
        for (const QString &poll : {QStringLiteral("/api/tasks/poll/{taskType}"), QStringLiteral("/api/tasks/poll/batch/{taskType}")}) {
            router.add("GET", poll, Access::Anonymous, [active](const RequestContext &ctx) {
                ctx.reply(active->refusal(ctx.request().method, ctx.request().rawPath));
            }).summary(QStringLiteral("Worker poll on a standby: 503 naming the active")).tag(QStringLiteral("standby"));
        }
        if (hub)
            hub->registerRoutes(router);
        auto forwarder = std::make_shared<ActiveForwarder>(forwarding, active);
        router.setFallback([forwarder](const RequestContext &ctx) { forwarder->forward(ctx); });
    });
    auto bound = m_api->start(address, port);
    if (!bound.ok()) {
        close();
        return bound.error();
    }
    return bound.value();
}

void StandbyServer::close()
{
    if (m_api)
        m_api->stop();
    m_api.reset();
    if (m_reads)
        m_reads->stop();
    m_reads.reset();
    if (m_redis)
        m_redis->stop();
    m_hub.reset();
    m_redis.reset();
    m_bus.reset();
    m_tokens.reset();
    if (m_store)
        m_store->close();
    m_store.reset();
}

} // namespace orrery
