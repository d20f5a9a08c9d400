#pragma once

#include "core/Status.h"
#include "core/Task.h"

#include <QJsonObject>
#include <QString>

namespace orrery {

class Decider;
struct Decision;
struct WorkflowRun;
struct WorkflowTask;

// One system task being run by the decider: the run, the task's index in it, its definition
// node and the decision being built. Indexes stay valid while tasks are added; references do not,
// so task() is fetched again after anything is scheduled.
struct SystemTaskCall
{
    Decider &decider;
    WorkflowRun &run;
    int index;
    const WorkflowTask &node;
    Decision &out;

    Task &task() const;
    qint64 now() const;
    // Ends the task with `status` (terminal) and records the change.
    void end(TaskStatus status, const QJsonObject &output, const QString &reason = {}) const;
    void complete(const QJsonObject &output) const { end(TaskStatus::Completed, output); }
    void inProgress() const;
    void changed() const;
};

// A Conductor system task type, run by the decider on the engine thread (spec §8.11). One class
// per type; the decider looks them up by WorkflowTask.type in SystemTaskRegistry.
class SystemTask
{
public:
    virtual ~SystemTask();

    // Task.taskType recorded for it (FORK_JOIN is recorded as FORK).
    virtual QString taskType(const QString &type) const { return type; }
    // True: the task waits in its queue for a worker (Orrery's local handler of the same name,
    // or a remote poller) instead of being run by the decider: HTTP, INLINE, JSON_JQ_TRANSFORM.
    virtual bool queued() const { return false; }
    // Built-in control flow is never retried (spec §6); other system tasks follow their TaskDef.
    virtual bool retriable() const { return true; }

    // Right after the task was scheduled (its input resolved): run it, or set it IN_PROGRESS.
    virtual void start(const SystemTaskCall &call) const;
    // On each decision while the task is not terminal; true when it changed something.
    virtual bool evaluate(const SystemTaskCall &call) const;
    // After a restart, for a task that is not terminal (re-arm timers, find children).
    virtual void recover(const SystemTaskCall &call) const;
    // What follows the task once it ended successfully. Default: the next task in its list.
    virtual void scheduleNext(const SystemTaskCall &call) const;
};

} // namespace orrery
