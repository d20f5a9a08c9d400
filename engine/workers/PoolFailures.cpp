#include "PoolFailures.h"

namespace orrery::poolfailures {

namespace {

FailureInfo failureOf(const char *kind, const char *code)
{
    FailureInfo f;
    f.kind = QLatin1String(kind);
    f.errorCode = QLatin1String(code);
    return f;
}

TaskOutcome interrupted(TaskOutcome o, QString reason, FailureInfo failure)
{
    o.status = TaskOutcome::Failed;
    o.reason = std::move(reason);
    o.failure = std::move(failure);
    return o;
}

} // namespace

TaskOutcome unknownType(const QString &type)
{
    return TaskOutcome::failedTerminal(QStringLiteral("unknown task type '%1' (no handler registered)").arg(type),
                                       failureOf("input", "unknown_task_type"));
}

TaskOutcome handlerError(const QString &what)
{
    return TaskOutcome::failed(QStringLiteral("task handler error: %1").arg(what), failureOf("other", "handler_error"));
}

TaskOutcome notStarted()
{
    return TaskOutcome::failed(QStringLiteral("worker pool is stopping; the task was not started"),
                               failureOf("other", "pool_stopped"));
}

TaskOutcome canceledBeforeStart()
{
    return TaskOutcome::failed(QStringLiteral("canceled before it started"), failureOf("other", "canceled"));
}

TaskOutcome timedOut(qint64 timeoutMs, TaskOutcome fromHandler)
{
    return interrupted(std::move(fromHandler), QStringLiteral("task exceeded its timeout of %1 ms").arg(timeoutMs),
                       failureOf("timeout", "timed_out"));
}

TaskOutcome canceled(TaskOutcome fromHandler)
{
    return interrupted(std::move(fromHandler), QStringLiteral("canceled"), failureOf("other", "canceled"));
}

TaskOutcome stopped(TaskOutcome fromHandler)
{
    return interrupted(std::move(fromHandler), QStringLiteral("worker pool stopped before the task finished"),
                       failureOf("other", "pool_stopped"));
}

} // namespace orrery::poolfailures
