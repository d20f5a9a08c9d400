#include "RealtimeConfig.h"


namespace orrery {

namespace {

// An integer variable in [min, max]; absent = `value` unchanged.
Result<void> readInt(const QHash<QString, QString> &env, const char *name, int min, int max, int *value)
{
    const QString key = QString::fromLatin1(name);
    if (!env.contains(key) || env.value(key).trimmed().isEmpty())
        return {};
    bool ok = false;
    const int v = env.value(key).trimmed().toInt(&ok);
    if (!ok || v < min || v > max)
        return Error::invalid(QStringLiteral("%1 must be a whole number from %2 to %3 (got '%4')")
                                  .arg(key)
                                  .arg(min)
                                  .arg(max)
                                  .arg(env.value(key)));
    *value = v;
    return {};
}

} // namespace


Result<RealtimeConfig> RealtimeConfig::fromEnvironment(const QHash<QString, QString> &env)
{
    RealtimeConfig c;
    int rate = int(c.hub.inboundRatePerSecond);
    for (const auto &r : {readInt(env, "ORRERY_WS_MAX_CONNECTIONS", 1, 1000000, &c.hub.maxConnections),
                          readInt(env, "ORRERY_WS_PING_INTERVAL_MS", 100, 3600000, &c.hub.pingIntervalMs),
                          readInt(env, "ORRERY_WS_PING_TIMEOUT_MS", 100, 3600000, &c.hub.pingTimeoutMs),
                          readInt(env, "ORRERY_WS_HEARTBEAT_MS", 100, 3600000, &c.hub.heartbeatIntervalMs),
                          readInt(env, "ORRERY_WS_RATE_PER_SECOND", 1, 100000, &rate)}) {
        if (!r.ok())
            return r.error();
    }
    c.hub.inboundRatePerSecond = rate;
    c.hub.inboundBurst = std::max(c.hub.inboundBurst, rate * 2);

    const QString url = env.value(QStringLiteral("ORRERY_REDIS_URL")).trimmed();
    if (!url.isEmpty()) {
        auto endpoint = RedisEndpoint::parse(url);
        if (!endpoint.ok())
            return Error::invalid(QStringLiteral("ORRERY_REDIS_URL (--redis-url): %1").arg(endpoint.error().message));
        c.redisEnabled = true;
        c.redis.endpoint = endpoint.value();
    }
    const QString channel = env.value(QStringLiteral("ORRERY_REDIS_CHANNEL")).trimmed();
    if (!channel.isEmpty())
        c.redis.channel = channel;
    return c;
}

} // namespace orrery
