#pragma once

#include "RedisBridgeConfig.h"

#include "core/Result.h"

#include <QJsonObject>
#include <memory>

class QThread;

namespace orrery {

class EventBus;
class RedisBridgeWorker;

// Fans the EventBus out across instances through Redis pub/sub (see RedisBridgeWorker), on a
// thread of its own so that Redis I/O never runs on the engine or the API thread.
// The bus is not owned and must outlive the bridge.
class RedisBridge
{
public:
    RedisBridge(RedisBridgeConfig config, EventBus *bus);
    ~RedisBridge();

    RedisBridge(const RedisBridge &) = delete;
    RedisBridge &operator=(const RedisBridge &) = delete;

    // Starts the thread and the first connection attempt; does not wait for Redis (an instance
    // must come up, and deliver locally, while Redis is down).
    Result<void> start();
    void stop(); // idempotent

    QString origin() const;
    // {"enabled":true,"endpoint","channel","origin","state","breaker","published",...}
    QJsonObject stats() const;

    // A process-unique origin: <host>-<pid>-<random hex>.
    static QString makeOrigin();

private:
    RedisBridgeConfig m_config;
    EventBus *m_bus;
    std::unique_ptr<QThread> m_thread;
    RedisBridgeWorker *m_worker = nullptr; // lives on m_thread; deleted after it stopped
};

} // namespace orrery
