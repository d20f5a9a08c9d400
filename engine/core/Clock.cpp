#include "Clock.h"

namespace orrery {

SystemClock *SystemClock::instance()
{
    // Stateless, so one shared instance is safe from every thread.
    static SystemClock clock;
    return &clock;
}

} // namespace orrery
