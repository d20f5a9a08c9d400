#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace orrery {

class Event;

// Which namespaces and rooms an event goes to (docs/events.md, "Routing").
//
//   task_*, workflow_*, progress_update, job_*  -> /tasks  rooms project_<id>, project_*
//   progress_update, workflow_*                 -> /profiling rooms project_<id>, project_*
//   every event                                 -> /admin, every socket
//   dlq_alert, breaker_state_changed            -> /admin (and /tasks project rooms when the
//                                                  event names a project)
//   gap                                         -> every socket of every namespace
//   heartbeat                                   -> nowhere: the hub sends its own
// An event with a userId also goes to room user_<userId> of /tasks. A socket that is in several
// of an event's rooms receives it once.
struct RouteTarget
{
    QString nsp;
    bool everyone = false; // every socket of the namespace, rooms ignored
    QStringList rooms;
};

class EventRouting
{
public:
    static inline const QString kTasks = QStringLiteral("/tasks");
    static inline const QString kProfiling = QStringLiteral("/profiling");
    static inline const QString kAdmin = QStringLiteral("/admin");
    static inline const QString kAllProjectsRoom = QStringLiteral("project_*");

    static QStringList namespaces() { return {kTasks, kProfiling, kAdmin}; }
    static QString projectRoom(const QString &projectId) { return QStringLiteral("project_") + projectId; }
    static QString userRoom(const QString &userId) { return QStringLiteral("user_") + userId; }

    static QList<RouteTarget> targets(const Event &event);
};

} // namespace orrery
