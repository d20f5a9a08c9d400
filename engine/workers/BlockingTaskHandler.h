#pragma once

#include "workers/TaskAssignment.h"
#include "workers/TaskOutcome.h"

#include <atomic>

namespace orrery {

// A handler whose run() blocks (CPU work, a synchronous library). The pool creates one instance
// per task on the pool thread and calls run() on its bounded QThreadPool. Exceptions thrown by
// run() are caught on that thread and reported as a Failed outcome (kind "other"); they never
// cross threads.
class BlockingTaskHandler
{
public:
    virtual ~BlockingTaskHandler();

    virtual TaskOutcome run(const TaskAssignment &task) = 0;

    // Set from the pool thread when the task is canceled or times out. run() may poll it to stop
    // early; whatever it returns afterwards is discarded (the pool has reported the task).
    void requestCancel() { m_cancelRequested.store(true, std::memory_order_relaxed); }
    bool isCancelRequested() const { return m_cancelRequested.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelRequested{false};
};

} // namespace orrery
