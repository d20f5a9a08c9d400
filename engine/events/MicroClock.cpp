#include "MicroClock.h"

#include <chrono>

namespace orrery {

qint64 SystemMicroClock::nowUs() const
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

const SystemMicroClock *SystemMicroClock::instance()
{
    static const SystemMicroClock clock;
    return &clock;
}

} // namespace orrery
