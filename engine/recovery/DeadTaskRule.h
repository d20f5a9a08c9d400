#pragma once

#include "DeadLetterEntry.h"

#include "core/Task.h"
#include "core/Workflow.h"

#include <QList>

namespace orrery {

// Which stored tasks ended for good, read back from the store: the rule the engine applies live
// (Decider::handleFailure, EngineCore::timeOutTask emit EngineCore::taskDeadLettered), in the form
// its committed result leaves in the store. A task is dead when it is the latest attempt of its
// reference (highest seq), was not retried, and
//  - it is FAILED, FAILED_WITH_TERMINAL_ERROR, TIMED_OUT or CANCELED and its workflow lists the
//    reference in failedReferenceTaskNames (the decider records every dead reference there: the
//    workflow ended with it, or it is permissive), or
//  - it is COMPLETED_WITH_ERRORS and not a JOIN (an optional task that dead-lettered: the decider
//    turns its failure into that status).
// A failed task whose decision a crash split (its failure committed, the decision not) is not in
// the list yet: the engine re-decides it at start-up and emits it live.
// CANCELED tasks of a workflow that an operator terminated are not dead (not in the list).
class DeadTaskRule
{
public:
    // The dead tasks of one stored workflow, as DeadLetterInput (every attempt of the reference up
    // to the dead one, oldest first; the reason class from the status, see reasonOf).
    static QList<DeadLetterInput> deadTasks(const Workflow &workflow, const QList<Task> &tasks);

    // The statuses a dead task can have in the store, as the tasks table spells them.
    static QStringList deadStatuses(bool withCanceled);

    // The reason class the live decision gave, from what the store keeps: TERMINAL for
    // FAILED_WITH_TERMINAL_ERROR, CANCELED, TIMED_OUT, else RETRIES_EXHAUSTED (a DEADLINE_EXCEEDED
    // or classifier-terminal decision is not visible in the store and reads as RETRIES_EXHAUSTED).
    static QString reasonOf(const Task &dead);
    static QString messageOf(const Task &dead, const QString &reasonClass);
};

} // namespace orrery
