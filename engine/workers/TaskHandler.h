#pragma once

#include "workers/TaskAssignment.h"
#include "workers/TaskOutcome.h"

#include <functional>

namespace orrery {

// An asynchronous task handler. The pool creates one instance per task (through the factory
// registered in HandlerRegistry), on the pool thread, and destroys it on the pool thread.
// Handlers must never block: they use the pool thread's event loop (QProcess, QNetworkReply,
// QTimer). Long blocking work belongs in a BlockingTaskHandler.
class TaskHandler
{
public:
    using Done = std::function<void(TaskOutcome)>;

    virtual ~TaskHandler();

    // Called on the pool thread. Call `done` exactly once, on the pool thread; calling it
    // synchronously from inside start() is allowed and is the cheapest path.
    virtual void start(const TaskAssignment &task, Done done) = 0;

    // The task is being canceled (cancel() on the pool, a pool-level timeout or shutdown). Stop
    // the work (kill the process, abort the request). The pool reports the task itself right
    // after this call, unless `done` was called synchronously inside cancel(); a later `done` is
    // ignored, but the handler stays alive until it calls it (or the pool stops), so it can
    // finish cleaning up.
    virtual void cancel();
};

} // namespace orrery
