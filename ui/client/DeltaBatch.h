#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace orrery {

// What an EngineClient hands the GUI per tick (10-20 Hz): changed workflow and task rows (partial
// objects are merged into existing rows by id), the number of tasks that completed or failed in
// the tick, and whether the rows replace everything the models hold (after a connect or a gap).
struct DeltaBatch
{
    QList<QJsonObject> workflows;  // keyed by "workflowId"
    QList<QJsonObject> tasks;      // keyed by "taskId"
    // Every other event of the tick (jobs, DLQ, breakers, health...), oldest first, each the
    // payload plus "event" (its name), "time" and "projectId". Capped at kMaxOtherEvents per tick;
    // otherEventsDropped counts the rest.
    QList<QJsonObject> otherEvents;
    int otherEventsDropped = 0;
    static constexpr int kMaxOtherEvents = 500;
    int tasksCompleted = 0;
    int tasksFailed = 0;
    int tasksRetried = 0;          // task_retry_scheduled events in the tick
    qint64 timeMs = 0;             // engine time of the batch (ms since epoch)
    bool resync = false;

    // Whether an event whose name starts with `prefix` ("job_", "dlq_", "breaker_") is in the tick.
    bool hasEvent(QLatin1String prefix) const
    {
        if (otherEventsDropped > 0)
            return true;
        for (const QJsonObject &e : otherEvents)
            if (e.value(QLatin1String("event")).toString().startsWith(prefix))
                return true;
        return false;
    }

    bool isEmpty() const { return workflows.isEmpty() && tasks.isEmpty() && otherEvents.isEmpty() && otherEventsDropped == 0 && tasksCompleted == 0 && tasksFailed == 0 && tasksRetried == 0 && !resync; }
};

} // namespace orrery

Q_DECLARE_METATYPE(orrery::DeltaBatch)
