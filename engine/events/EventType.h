#pragma once

#include <QList>
#include <QString>
#include <QStringView>
#include <optional>

namespace orrery {

// The fixed event catalogue (docs/events.md). Nothing outside it travels on the EventBus.
enum class EventType : quint8 {
    TaskCreated,
    TaskStarted,
    TaskCompleted,
    TaskFailed,
    TaskRetryScheduled,
    TaskTimedOut,
    TaskCanceled,
    TaskTimeoutAlert,
    TaskDeadLettered,
    TaskSkipped, // an operator skipped it (PUT /api/workflow/{id}/skiptask/{ref})
    ProgressUpdate,
    WorkflowStarted,
    WorkflowCompleted,
    WorkflowFailed,
    WorkflowTimedOut,
    WorkflowTerminated,
    WorkflowResumed,
    WorkflowPaused,
    WorkflowEvent, // an EVENT task published its input (sink in the payload)
    JobFired,
    JobMissed,
    JobAdded,
    JobUpdated,
    JobRemoved,
    JobPaused,
    JobResumed,
    JobFinished,
    JobFlagged,
    JobRunFinished,
    JobError,
    BreakerStateChanged,
    DlqAlert,
    HealthChecked, // the health probe ran (every run)
    HealthChanged, // the overall health or a check's status changed
    Heartbeat,
    Gap, // "you may have missed events": a slow subscriber, a Redis outage, a gap from another instance
};

inline constexpr int kEventTypeCount = int(EventType::Gap) + 1;

// Where an event belongs, for routing.
enum class EventCategory { Task, Progress, Workflow, Job, Breaker, Dlq, System };

QString eventTypeName(EventType type);                     // "task_completed"
std::optional<EventType> parseEventType(QStringView name); // exact, lower-case names only
EventCategory eventCategory(EventType type);
QList<EventType> allEventTypes();

} // namespace orrery
