#pragma once

#include "api/ServerModule.h"

#include <memory>

namespace orrery {

class EngineEventSource;
class EventBus;
class LatencyTimeline;
class RealtimeService;
class RedisBridge;
class StatsRegistry;

// The real-time capability of orreryd (docs/realtime.md): creates the EventBus, feeds it from
// the engine (EngineEventSource), fans it out through Redis when ORRERY_REDIS_URL is set
// (RedisBridge), and serves the Socket.IO hub and /api/websocket/stats on the API server
// (RealtimeService). Configuration: RealtimeConfig (environment). Provides the
// websocketP95LatencyMs figure of GET /api/stats (LatencyFigure), removed in stop().
class RealtimeModule final : public ServerModule
{
public:
    RealtimeModule();
    ~RealtimeModule() override;

    QString name() const override { return QStringLiteral("realtime"); }
    Result<void> start(ServerContext &context) override;
    void stop() override;

    // For other modules and tests: the bus this module serves (nullptr before start).
    EventBus *bus() const { return m_bus.get(); }

private:
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<EngineEventSource> m_source;
    std::unique_ptr<RedisBridge> m_redis;
    std::unique_ptr<RealtimeService> m_service;
    std::shared_ptr<LatencyTimeline> m_latency;
    StatsRegistry *m_stats = nullptr;
};

} // namespace orrery
