#include "DeadTaskRule.h"

#include <QHash>

#include <algorithm>

namespace orrery {

namespace {

bool isJoin(const Task &t) { return t.taskType == QLatin1String("JOIN"); }

} // namespace

QStringList DeadTaskRule::deadStatuses(bool withCanceled)
{
    QStringList out{toString(TaskStatus::Failed), toString(TaskStatus::FailedWithTerminalError),
                    toString(TaskStatus::TimedOut), toString(TaskStatus::CompletedWithErrors)};
    if (withCanceled)
        out.append(toString(TaskStatus::Canceled));
    return out;
}

QList<DeadLetterInput> DeadTaskRule::deadTasks(const Workflow &workflow, const QList<Task> &tasks)
{
    QHash<QString, int> latest; // ref -> index of its highest seq
    for (int i = 0; i < tasks.size(); ++i) {
        const Task &t = tasks[i];
        auto it = latest.find(t.referenceTaskName);
        if (it == latest.end())
            latest.insert(t.referenceTaskName, i);
        else if (t.seq > tasks[*it].seq)
            *it = i;
    }
    QList<DeadLetterInput> out;
    for (int i = 0; i < tasks.size(); ++i) {
        const Task &t = tasks[i];
        if (latest.value(t.referenceTaskName) != i || t.retried)
            continue;
        bool dead = false;
        switch (t.status) {
        case TaskStatus::Failed:
        case TaskStatus::FailedWithTerminalError:
        case TaskStatus::TimedOut:
        case TaskStatus::Canceled:
            dead = workflow.failedReferenceTaskNames.contains(t.referenceTaskName);
            break;
        case TaskStatus::CompletedWithErrors:
            dead = !isJoin(t);
            break;
        default:
            break;
        }
        if (!dead)
            continue;
        DeadLetterInput in;
        in.task = t;
        for (const Task &a : tasks) // as EngineCore::apply gathers them: the ref's attempts up to t
            if (a.referenceTaskName == t.referenceTaskName && a.seq <= t.seq)
                in.attempts.append(a);
        std::stable_sort(in.attempts.begin(), in.attempts.end(), [](const Task &a, const Task &b) { return a.seq < b.seq; });
        in.reasonClass = reasonOf(t);
        in.message = messageOf(t, in.reasonClass);
        out.append(std::move(in));
    }
    return out;
}

QString DeadTaskRule::reasonOf(const Task &dead)
{
    switch (dead.status) {
    case TaskStatus::FailedWithTerminalError: return QStringLiteral("TERMINAL");
    case TaskStatus::Canceled: return QStringLiteral("CANCELED");
    case TaskStatus::TimedOut: return QStringLiteral("TIMED_OUT");
    default: return QStringLiteral("RETRIES_EXHAUSTED");
    }
}

QString DeadTaskRule::messageOf(const Task &dead, const QString &reasonClass)
{
    QString what;
    if (reasonClass == QLatin1String("TERMINAL"))
        what = QStringLiteral("The task failed with a terminal error (FAILED_WITH_TERMINAL_ERROR); it is not retried.");
    else if (reasonClass == QLatin1String("CANCELED"))
        what = QStringLiteral("The task was canceled; canceled tasks are never retried.");
    else
        what = QStringLiteral("Attempt %1 %2 and was not retried.")
                   .arg(dead.retryCount + 1)
                   .arg(reasonClass == QLatin1String("TIMED_OUT") ? QStringLiteral("timed out") : QStringLiteral("failed"));
    return what + QStringLiteral(" (Recorded from the store by the DLQ reconciliation: the process stopped before the "
                                 "dead-letter queue wrote this entry.)");
}

} // namespace orrery
