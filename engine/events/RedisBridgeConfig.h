#pragma once

#include "RedisEndpoint.h"

#include "recovery/BreakerConfig.h"

#include <QString>

namespace orrery {

class Clock;

// Settings of the Redis fan-out (RedisBridge).
struct RedisBridgeConfig
{
    RedisEndpoint endpoint;
    QString channel = QStringLiteral("orrery:events");
    // Unique per process (two instances must never share it); empty = <host>-<pid>-<random>.
    QString origin;
    int connectTimeoutMs = 2000;
    int backoffInitialMs = 200;
    int backoffMaxMs = 10000;
    double backoffJitter = 0.3;
    // Every this often a connected bridge republishes its sequence number, so that an instance
    // that was offline when the number jumped still learns what it missed.
    int syncIntervalMs = 5000;
    int maxInFlight = 20000;       // PUBLISHes awaiting a reply before draining pauses
    qsizetype queueCapacity = 100000;
    BreakerConfig breaker = defaultBreaker();
    quint32 seed = 0;              // jitter randomness; 0 = from the system
    Clock *clock = nullptr;        // breaker and outage times; nullptr = SystemClock. Not owned.

    static BreakerConfig defaultBreaker()
    {
        BreakerConfig b;
        b.failureThreshold = 3;
        b.resetTimeoutMs = 5000;
        b.halfOpenProbes = 1;
        return b;
    }
};

} // namespace orrery
