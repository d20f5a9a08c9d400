#pragma once

#include "FaultRun.h"
#include "LatencyProbe.h"

#include <QString>

namespace orrery::test {

// orreryd on PostgreSQL (through a FaultProxy that counts its connection attempts) while a
// client keeps starting one-task workflows; PostgreSQL is stopped for a while and started again.
// Measures what API calls answer meanwhile and how fast, the store breaker, how often orreryd
// knocks on the dead database, and that every workflow it accepted completes afterwards.
class PgFaultScenario
{
public:
    struct Options
    {
        int beforeMs = 2000;   // running normally before the stop
        int downMs = 5000;     // PostgreSQL stopped
        int afterMs = 3000;    // starts go on after the restart
        int startsPerSecond = 10;
    };
    using Calls = FaultRun::Calls;
    struct Figures
    {
        Calls startsBefore, startsDuring, startsAfter;
        int readStatus = 0; double readMs = 0; QString readMessage;     // GET /api/tasks while down
        int readyStatus = 0; double readyMs = 0; QString readyMessage;  // GET /readyz while down
        int healthStatus = 0;                                          // GET /healthz while down
        QString storeBreakerDown, storeBreakerAfter;
        LatencyProbe::Figures probeDuring; // /api/tasks + /healthz while down (failures expected for /api/tasks)
        double downSeconds = 0;
        int attemptsWhileDown = 0;          // connections orreryd opened to the dead database
        double attemptsPerSecond = 0;
        double firstOkStartAfterRestartMs = -1;
        int accepted = 0, completed = 0, notEnded = 0;
        int inStore = 0;                    // workflows the store holds at the end
        bool processAlive = false;
        QString error;
        QString diagnostics; // when something went wrong: the breakers and the log's tail
    };

    static Figures run(const Options &options);
};

} // namespace orrery::test
