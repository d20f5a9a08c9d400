#include "EventType.h"

#include <QHash>

namespace orrery {

namespace {

struct Entry
{
    const char *name;
    EventCategory category;
};

// Indexed by EventType.
constexpr Entry kCatalogue[kEventTypeCount] = {
    {"task_created", EventCategory::Task},
    {"task_started", EventCategory::Task},
    {"task_completed", EventCategory::Task},
    {"task_failed", EventCategory::Task},
    {"task_retry_scheduled", EventCategory::Task},
    {"task_timed_out", EventCategory::Task},
    {"task_canceled", EventCategory::Task},
    {"task_timeout_alert", EventCategory::Task},
    {"task_dead_lettered", EventCategory::Task},
    {"task_skipped", EventCategory::Task},
    {"progress_update", EventCategory::Progress},
    {"workflow_started", EventCategory::Workflow},
    {"workflow_completed", EventCategory::Workflow},
    {"workflow_failed", EventCategory::Workflow},
    {"workflow_timed_out", EventCategory::Workflow},
    {"workflow_terminated", EventCategory::Workflow},
    {"workflow_resumed", EventCategory::Workflow},
    {"workflow_paused", EventCategory::Workflow},
    {"workflow_event", EventCategory::Workflow},
    {"job_fired", EventCategory::Job},
    {"job_missed", EventCategory::Job},
    {"job_added", EventCategory::Job},
    {"job_updated", EventCategory::Job},
    {"job_removed", EventCategory::Job},
    {"job_paused", EventCategory::Job},
    {"job_resumed", EventCategory::Job},
    {"job_finished", EventCategory::Job},
    {"job_flagged", EventCategory::Job},
    {"job_run_finished", EventCategory::Job},
    {"job_error", EventCategory::Job},
    {"breaker_state_changed", EventCategory::Breaker},
    {"dlq_alert", EventCategory::Dlq},
    {"health_checked", EventCategory::System}, // instance-wide: the /admin namespace only
    {"health_changed", EventCategory::System},
    {"heartbeat", EventCategory::System},
    {"gap", EventCategory::System},
};

const QHash<QString, EventType> &byName()
{
    static const QHash<QString, EventType> map = [] {
        QHash<QString, EventType> m;
        for (int i = 0; i < kEventTypeCount; ++i)
            m.insert(QString::fromLatin1(kCatalogue[i].name), EventType(i));
        return m;
    }();
    return map;
}

} // namespace

QString eventTypeName(EventType type)
{
    static const QList<QString> names = [] {
        QList<QString> l;
        for (const Entry &e : kCatalogue)
            l.append(QString::fromLatin1(e.name));
        return l;
    }();
    return names.at(int(type));
}

std::optional<EventType> parseEventType(QStringView name)
{
    const auto &map = byName();
    const auto it = map.constFind(name.toString());
    if (it == map.constEnd())
        return std::nullopt;
    return it.value();
}

EventCategory eventCategory(EventType type)
{
    return kCatalogue[int(type)].category;
}

QList<EventType> allEventTypes()
{
    QList<EventType> all;
    for (int i = 0; i < kEventTypeCount; ++i)
        all.append(EventType(i));
    return all;
}

} // namespace orrery
