#pragma once

#include "HubSettings.h"

#include "core/Result.h"
#include "events/RedisBridgeConfig.h"

#include <QHash>
#include <QString>

namespace orrery {

// Configuration of the real-time module, read from the environment (orreryd maps its options
// onto the same names; docs/realtime.md, "Configuration"):
//   ORRERY_REDIS_URL              redis://[:password@]host[:port][/db]; empty = no fan-out
//   ORRERY_REDIS_CHANNEL          pub/sub channel (default orrery:events)
//   ORRERY_WS_MAX_CONNECTIONS     sessions per instance (default 10000)
//   ORRERY_WS_PING_INTERVAL_MS    Engine.IO ping interval (default 25000)
//   ORRERY_WS_PING_TIMEOUT_MS     Engine.IO pong deadline (default 20000)
//   ORRERY_WS_HEARTBEAT_MS        application `heartbeat` event interval (default 30000)
//   ORRERY_WS_RATE_PER_SECOND     inbound packets per session and second (default 50)
struct RealtimeConfig
{
    HubSettings hub;
    bool redisEnabled = false;
    RedisBridgeConfig redis;

    // Errors name the variable that is wrong.
    static Result<RealtimeConfig> fromEnvironment(const QHash<QString, QString> &env);
};

} // namespace orrery
