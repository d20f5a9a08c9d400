#pragma once

#include "core/EngineEvent.h"
#include "core/Task.h"

namespace orrery {

// The catalogue's task_dead_lettered event for a task that failed for good (docs/events.md §2):
// the task's identity, status and retry count, how many attempts were made, the reason class
// and the last error. Built in one place for every subscriber (the hub, the local console).
EngineEvent deadLetteredEvent(const Task &task, int attempts, const QString &reasonClass, const QString &message, qint64 timeMs);

} // namespace orrery
