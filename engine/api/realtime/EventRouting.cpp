#include "EventRouting.h"

#include "events/Event.h"

namespace orrery {

QList<RouteTarget> EventRouting::targets(const Event &event)
{
    const EventCategory category = eventCategory(event.type());
    if (event.type() == EventType::Heartbeat)
        return {};
    if (event.type() == EventType::Gap)
        return {RouteTarget{kTasks, true, {}}, RouteTarget{kProfiling, true, {}}, RouteTarget{kAdmin, true, {}}};

    QStringList projectRooms{kAllProjectsRoom};
    if (!event.projectId().isEmpty())
        projectRooms.prepend(projectRoom(event.projectId()));
    QStringList taskRooms = projectRooms;
    if (!event.userId().isEmpty())
        taskRooms.append(userRoom(event.userId()));

    QList<RouteTarget> out;
    switch (category) {
    case EventCategory::Task:
    case EventCategory::Job:
        out.append(RouteTarget{kTasks, false, taskRooms});
        break;
    case EventCategory::Progress:
    case EventCategory::Workflow:
        out.append(RouteTarget{kTasks, false, taskRooms});
        out.append(RouteTarget{kProfiling, false, projectRooms});
        break;
    case EventCategory::Breaker:
    case EventCategory::Dlq: {
        // Instance-wide by default (admins only); to a project's or a user's rooms when named.
        QStringList rooms;
        if (!event.projectId().isEmpty())
            rooms = projectRooms;
        if (!event.userId().isEmpty())
            rooms.append(userRoom(event.userId()));
        if (!rooms.isEmpty())
            out.append(RouteTarget{kTasks, false, rooms});
        break;
    }
    case EventCategory::System:
        break;
    }
    out.append(RouteTarget{kAdmin, true, {}});
    return out;
}

} // namespace orrery
