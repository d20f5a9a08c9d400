#pragma once

#include <QList>
#include <QString>
#include <functional>

namespace orrery {

struct Task;
struct TaskDef;

// A say over hand-outs to remote workers (polls, batch polls, update-v2, waiting long polls),
// installed by a module above the engine (the recovery module's circuit breakers,
// docs/recovery.md "Remote pollers"). Called on the engine thread; local workers are not gated
// here (their tasks pass TaskGuard one by one).
struct HandOutGate
{
    // How many of `count` tasks of `taskType` may be handed out now (0 = none: the poll is
    // answered as an empty queue). `def` may be null; `freshPoll` is false when a waiting long
    // poll is served again.
    std::function<int(const QString &taskType, const TaskDef *def, int count, bool freshPoll)> admit;
    // What was handed out after admit() said `admitted`.
    std::function<void(const QString &taskType, int admitted, const QList<Task> &tasks)> handedOut;

    explicit operator bool() const { return bool(admit); }
};

} // namespace orrery
