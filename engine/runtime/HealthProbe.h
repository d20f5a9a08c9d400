#pragma once

#include "core/Result.h"
#include "runtime/HealthCheckResult.h"

#include <QJsonObject>
#include <QString>

namespace orrery {

class Store;

// What the health probe watches. Empty URLs mean "not configured": those checks are skipped.
struct HealthProbeConfig
{
    Store *store = nullptr;
    QString dataDir;
    QString redisUrl;     // --redis-url (ORRERY_REDIS_URL)
    QString conductorUrl; // --conductor-url (ORRERY_CONDUCTOR_URL)
};

// One run's settings, from the task input (all optional).
struct HealthProbeOptions
{
    double minFreePercent = 5;                    // disk fails below this share of free space (0 = off)
    qint64 minFreeBytes = qint64(1) << 30;        // ... or below this many free bytes (0 = off)
    int timeoutMs = 5000;                         // per network check (store connect excluded)
    bool failOnUnhealthy = true;                  // the task FAILS (transient) when a check failed

    // Reads minFreePercent, minFreeBytes, timeoutMs, failOnUnhealthy; null/missing = default.
    // Errors name the field (input.minFreePercent ...).
    static Result<HealthProbeOptions> fromInput(const QJsonObject &input);
};

// The checks behind the `health_probe` task type (docs/task-types.md): the store (a query on a
// module connection of its own, with its latency), free disk space of the data directory, Redis
// and a remote Conductor. Blocking; thread-safe (nothing is shared between runs).
class HealthProbe
{
public:
    explicit HealthProbe(HealthProbeConfig config);

    // {healthy, status: "healthy"|"unhealthy", summary, checks: {store, disk, redis, conductor}}.
    // healthy = no check failed (skipped checks do not count either way).
    QJsonObject run(const HealthProbeOptions &options) const;

    HealthCheckResult checkStore() const;
    HealthCheckResult checkDisk(const HealthProbeOptions &options) const;
    HealthCheckResult checkRedis(const HealthProbeOptions &options) const;
    HealthCheckResult checkConductor(const HealthProbeOptions &options) const;

    const HealthProbeConfig &config() const { return m_config; }

private:
    HealthProbeConfig m_config;
};

} // namespace orrery
