#include "RealtimeModule.h"

#include "EngineEventSource.h"
#include "core/OrreryEnvironment.h"
#include "LatencyFigure.h"
#include "LatencyTimeline.h"
#include "RealtimeConfig.h"
#include "RealtimeService.h"

#include "api/HttpApiServer.h"
#include "api/TokenService.h"
#include "events/EventBus.h"
#include "events/RedisBridge.h"
#include "workflow/Engine.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRealtime)

namespace orrery {

RealtimeModule::RealtimeModule() = default;

RealtimeModule::~RealtimeModule()
{
    stop();
}

Result<void> RealtimeModule::start(ServerContext &context)
{
    auto config = RealtimeConfig::fromEnvironment(OrreryEnvironment::ofProcess());
    if (!config.ok())
        return config.error();
    if (!context.api || !context.engine)
        return Error::internal(QStringLiteral("the real-time module needs the engine and the API server"));

    m_bus = std::make_unique<EventBus>();
    m_source = std::make_unique<EngineEventSource>(m_bus.get());
    m_source->attach(context.engine->core());

    std::function<QJsonObject()> redisStats;
    if (config->redisEnabled) {
        m_redis = std::make_unique<RedisBridge>(config->redis, m_bus.get());
        if (auto r = m_redis->start(); !r.ok())
            return r;
        RedisBridge *redis = m_redis.get();
        redisStats = [redis] { return redis->stats(); };
        qCInfo(lcRealtime).noquote() << "real-time fan-out through" << config->redis.endpoint.display() << "as"
                                     << redis->origin();
    }

    m_latency = std::make_shared<LatencyTimeline>();
    HubSettings hub = config->hub;
    hub.latencyTimeline = m_latency;
    m_service = std::make_unique<RealtimeService>(hub, context.tokens, m_bus.get(), redisStats);
    RealtimeService *service = m_service.get();
    context.api->addRoutes([service](ApiRouter &router) { service->registerRoutes(router); });
    m_stats = context.api->stats();
    LatencyFigure::registerProvider(m_stats, m_latency);
    return {};
}

void RealtimeModule::stop()
{
    // The API server (and with it the hub) is already down when modules stop.
    LatencyFigure::removeProvider(m_stats);
    m_stats = nullptr;
    if (m_source)
        m_source->detach();
    if (m_redis)
        m_redis->stop();
    m_service.reset();
    m_redis.reset();
    m_source.reset();
    m_bus.reset();
}

} // namespace orrery
