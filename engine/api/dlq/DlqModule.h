#pragma once

#include "BreakerKeeper.h"
#include "RecoveryConfig.h"
#include "RecoveryStats.h"

#include "recovery/DeadLetterQueue.h"
#include "api/ServerModule.h"

#include <QMetaObject>
#include <QThread>
#include <memory>
#include <optional>

namespace orrery {

class BreakerTripLog;
class Engine;
class ForeignBreakers;
class MetricsRegistry;
class StatsRegistry;
class Store;
class StoreMetrics;

// The recovery capability of the server (docs/recovery.md, docs/dlq-runbook.md):
//  - the dead-letter queue on a thread of its own, fed by EngineCore::taskDeadLettered and
//    replaying through Engine::replayTask;
//  - breaker states and trips kept in the store across restarts (BreakerKeeper), and the
//    breakers' gate on remote polls (RemotePollGate, installed as the core's HandOutGate);
//  - the engine core's circuit breaker registry (shared with the local worker bridge),
//    configured from RecoveryConfig::breakers, plus the "store" breaker fed by the store's
//    write status;
//  - `breaker_state_changed` and `dlq_alert` events, emitted through EngineCore::engineEvent on
//    the engine thread (so whatever listens to engine events gets them);
//  - the routes of DlqRoutes, BreakerRoutes and AttemptRoutes;
//  - the dlqDepth and breakerTripRate figures of GET /api/stats (RecoveryStats), and the
//    orrery_dlq_entries (DlqMetrics), orrery_breaker_state and orrery_breaker_trips_total
//    (BreakerMetrics) families of /metrics, removed in stop().
class DlqModule : public ServerModule
{
public:
    // No config: RecoveryConfig::load(<dataDir>) at start.
    explicit DlqModule(std::optional<RecoveryConfig> config = std::nullopt);
    ~DlqModule() override;

    QString name() const override { return QStringLiteral("dlq"); }
    Result<void> start(ServerContext &context) override;
    void stop() override;

    // Runs functions on the DLQ's thread (valid after start; a no-op after stop).
    DeadLetterQueue::Poster dlq() const { return m_poster; }

private:
    Result<void> setUpEngineThread(const BreakerKeeper::TripSink &tripSink);
    static RecoveryStats::TotalsReader breakerTotalsReader(Engine *engine, const DeadLetterQueue::Poster &dlq);

    std::optional<RecoveryConfig> m_config;
    Store *m_store = nullptr;
    Engine *m_engine = nullptr;
    StatsRegistry *m_stats = nullptr;
    MetricsRegistry *m_metrics = nullptr;
    StoreMetrics *m_storeMetrics = nullptr;
    int m_breakerCollector = 0;
    int m_dlqCollector = 0;
    std::shared_ptr<ForeignBreakers> m_foreignBreakers; // listed by /api/circuitbreaker/status
    std::shared_ptr<BreakerTripLog> m_trips; // every breaker's trips, for breakerTripRate
    BreakerKeeper m_keeper;                  // their states and trips in the store
    std::unique_ptr<QThread> m_thread;
    DeadLetterQueue *m_queue = nullptr; // lives on m_thread; deleted in stop()
    DeadLetterQueue::Poster m_poster;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace orrery
