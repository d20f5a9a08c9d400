#pragma once

#include "FaultRun.h"

#include <QString>

namespace orrery::test {

// orreryd with the Redis fan-out (through a FaultProxy that counts its connection attempts)
// while a client keeps starting workflows; redis-server is stopped for a while and a new one
// takes its place. Redis only carries real-time events between instances, so the API and the
// engine must not notice beyond the bridge's state; the bridge must back off to its breaker's
// probe rate and reconnect by itself.
class RedisFaultScenario
{
public:
    struct Options
    {
        int beforeMs = 1500;
        int downMs = 6000;
        int afterMs = 1500;
        int startsPerSecond = 10;
    };
    struct Figures
    {
        FaultRun::Calls startsBefore, startsDuring, startsAfter;
        QString bridgeStateDown;       // /api/websocket/stats redis.state while down
        QString bridgeBreakerDown;     // and its breaker
        double downSeconds = 0;
        int attemptsWhileDown = 0;     // connections orreryd opened to the dead Redis
        double attemptsPerSecond = 0;
        double reconnectSeconds = -1;  // from the new server's start to the bridge's "connected"
        int outages = 0;               // redis.outages afterwards
        int accepted = 0, completed = 0, notEnded = 0;
        bool processAlive = false;
        QString error;
    };

    static Figures run(const Options &options);
};

} // namespace orrery::test
