#pragma once

#include <QMutex>
#include <functional>

namespace orrery {

class Scheduler;

// How other threads (the API server) reach the scheduler: post() runs a function on the
// scheduler's thread, or returns false once the module has stopped (the caller answers 503).
class SchedulerAccess
{
public:
    explicit SchedulerAccess(Scheduler *scheduler) : m_scheduler(scheduler) {}
    bool post(std::function<void(Scheduler &)> fn);
    void detach();

private:
    QMutex m_mutex;
    Scheduler *m_scheduler;
};

} // namespace orrery
