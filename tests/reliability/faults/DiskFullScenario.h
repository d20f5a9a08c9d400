#pragma once

#include "FaultRun.h"

#include <QString>

namespace orrery::test {

// orreryd on SQLite in a small tmpfs (its data directory) while a client keeps starting
// workflows; a filler file takes the remaining space for a while, then is deleted. Measures the
// answers while the disk is full (fast 503 with the reason), the store breaker, and that every
// accepted workflow completes once there is room again. Needs root (mount); otherwise
// mountable() says why and the scenario does not run.
class DiskFullScenario
{
public:
    struct Options
    {
        int sizeMb = 20;
        int beforeMs = 1500;
        int fullMs = 4000;
        int afterMs = 2000;
        int startsPerSecond = 10;
    };
    struct Figures
    {
        FaultRun::Calls startsBefore, startsDuring, startsAfter;
        int readStatus = 0; double readMs = 0;   // GET /api/tasks while full (reads need no space)
        QString storeBreakerFull, storeBreakerAfter;
        double firstOkStartAfterFreeMs = -1;
        qint64 fillerBytes = 0;
        int accepted = 0, completed = 0, notEnded = 0, inStore = 0;
        bool processAlive = false;
        QString error;
    };

    // Empty when a tmpfs can be mounted here, else the reason.
    static QString mountable();
    static Figures run(const Options &options);
};

} // namespace orrery::test
