#pragma once

#include <QtGlobal>
#include <functional>

namespace orrery {

// The scheduler's one timer: armed for the earliest instant anything is due (a job's planned run
// time or a lease to check), never polling. Production uses QtSchedulerTimer; tests use a manual
// timer and move a ManualClock, calling the callback themselves.
class SchedulerTimer
{
public:
    virtual ~SchedulerTimer() = default;
    virtual void setCallback(std::function<void()> onTimeout) = 0;
    // (Re)arms for dueMs (ms since the epoch, on the scheduler's Clock); replaces an earlier arming.
    virtual void arm(qint64 dueMs) = 0;
    virtual void disarm() = 0;
};

} // namespace orrery
