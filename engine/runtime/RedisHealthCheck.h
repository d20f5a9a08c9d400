#pragma once

#include "runtime/HealthCheckResult.h"

namespace orrery {

// The health probe's Redis check: connects to the --redis-url (parsed like the real-time fan-out
// does, RedisEndpoint), authenticates and selects the database when the URL says so, and sends
// PING, expecting PONG, all within `timeoutMs`. Blocking: run it on a worker thread.
// An empty URL is "skipped". The password never appears in a message.
class RedisHealthCheck
{
public:
    static HealthCheckResult run(const QString &url, int timeoutMs);
};

} // namespace orrery
