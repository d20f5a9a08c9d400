#pragma once

#include "FaultyEndpoint.h"
#include "LatencyProbe.h"

#include <QString>

namespace orrery::test {

// orreryd running `http` tasks against a remote endpoint that answers 503 or hangs for a while,
// then recovers. Measures how many calls reach the dead endpoint before the breaker trips and
// while it is open (the probe rate), the API's latency meanwhile, and that every workflow
// completes once the endpoint is back, without an operator and without losing one.
class HttpFaultScenario
{
public:
    struct Options
    {
        FaultyEndpoint::Mode mode = FaultyEndpoint::Mode::Failing;
        int workflows = 40;
        int faultMs = 6000;
        int resetSeconds = 2;     // the breaker's reset timeout: one probe per this
        int failureThreshold = 5;
        int readTimeoutMs = 1000; // of the http task (what a hanging call costs)
    };
    struct Figures
    {
        bool tripped = false;
        qint64 tripAfterMs = -1;   // from the fault's start to the breaker's first trip seen
        int callsBeforeTrip = 0;
        int callsWhileOpen = 0;
        double openSeconds = 0;
        double callsPerSecondOpen = 0;   // measured
        double probesPerSecond = 0;      // the breaker's probe rate, 1 / reset timeout
        int rejections = 0;              // calls the breaker refused (tasks that waited)
        LatencyProbe::Figures baseline, duringFault;
        int started = 0;
        int completed = 0;
        int notEnded = 0;
        double recoverSeconds = 0;       // from the endpoint's recovery to the last workflow's end
        QString stateAfter;
        QString error;                   // set when the scenario could not run
        QString diagnostics;             // when workflows did not end: the breakers and the log's tail
    };

    static Figures run(const Options &options);
};

} // namespace orrery::test
