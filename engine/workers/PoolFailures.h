#pragma once

#include "workers/TaskOutcome.h"

namespace orrery::poolfailures {

// The outcomes the pool itself produces (docs/task-types.md, "Failures produced by the pool").
TaskOutcome unknownType(const QString &type);               // FailedTerminal, input/unknown_task_type
TaskOutcome handlerError(const QString &what);              // Failed, other/handler_error
TaskOutcome notStarted();                                   // Failed, other/pool_stopped
TaskOutcome canceledBeforeStart();                          // Failed, other/canceled
// Interruptions of a running task keep whatever output and logs the handler reported.
TaskOutcome timedOut(qint64 timeoutMs, TaskOutcome fromHandler); // Failed, timeout/timed_out
TaskOutcome canceled(TaskOutcome fromHandler);                   // Failed, other/canceled
TaskOutcome stopped(TaskOutcome fromHandler);                    // Failed, other/pool_stopped

} // namespace orrery::poolfailures
