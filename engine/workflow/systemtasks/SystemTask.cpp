#include "SystemTask.h"

#include "workflow/Decider.h"

namespace orrery {

Task &SystemTaskCall::task() const { return run.tasks[size_t(index)]; }

qint64 SystemTaskCall::now() const { return decider.clock().nowMs(); }

void SystemTaskCall::changed() const
{
    out.changed.append(index);
}

void SystemTaskCall::end(TaskStatus status, const QJsonObject &output, const QString &reason) const
{
    Task &t = task();
    const qint64 at = now();
    t.status = status;
    t.outputData = output;
    if (!reason.isEmpty())
        t.reasonForIncompletion = reason.left(500);
    if (t.startTime == 0)
        t.startTime = at;
    t.endTime = at;
    t.updateTime = at;
    changed();
}

void SystemTaskCall::inProgress() const
{
    Task &t = task();
    t.status = TaskStatus::InProgress;
    if (t.startTime == 0)
        t.startTime = now();
    t.updateTime = now();
    changed();
}

SystemTask::~SystemTask() = default;

void SystemTask::start(const SystemTaskCall &call) const { call.complete(call.task().outputData); }

bool SystemTask::evaluate(const SystemTaskCall &) const { return false; }

void SystemTask::recover(const SystemTaskCall &) const {}

void SystemTask::scheduleNext(const SystemTaskCall &call) const
{
    call.decider.scheduleAfter(call.run, call.index, call.out);
}

} // namespace orrery
