#pragma once

#include "Paging.h"

#include "core/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QStringList>
#include <optional>

namespace orrery {

class SqlBackend;

// Filters of GET /api/tasks.
struct TaskListFilter
{
    QStringList statuses;       // Conductor task statuses
    QStringList taskTypes;
    QStringList workflowTypes;  // workflow names
    QStringList projects;       // restrict to these projects (see restrictToProjects)
    bool restrictToProjects = false; // true: only tasks of workflows in `projects` (even if empty)
    QString workflowId;
    QString timeColumn = QStringLiteral("update_time"); // or scheduled_time
    std::optional<qint64> from, to;  // epoch ms, inclusive
    QString text;               // case-insensitive substring of the task's JSON
    QString orderBy;            // SQL ORDER BY list (whitelisted by the caller)
    Paging paging;
    QString after;              // keyset cursor (a previous page's nextAfter); then paging.start is 0
    bool exactTotal = false;    // count every match instead of stopping at kCountCap
};

// Read queries over the engine's tasks table (columns id, workflow_id, task_type, ref_name,
// status, seq, scheduled_time, update_time, json) on an API connection. What they see trails the
// engine by the store's write-behind window (a few ms).
class TaskQueries
{
public:
    // Matches counted before totalHits becomes a lower bound ("totalHitsRelation": "gte").
    static constexpr int kCountCap = 10000;

    // {totalHits, totalHitsRelation: eq|gte, results: [Task without its workflowTask], start, size,
    // nextAfter (when more rows follow)}. A bad `after` cursor is an Invalid error naming it.
    static Result<QJsonObject> list(QSqlDatabase &db, const SqlBackend &backend, const TaskListFilter &filter);

    struct InFlight
    {
        qint64 total = 0;
        QHash<QString, qint64> byType;
    };
    // IN_PROGRESS tasks per worker id.
    static Result<QHash<QString, InFlight>> inFlightByWorker(QSqlDatabase &db, const SqlBackend &backend);

    // Sort fields of the task list and their columns.
    static const QHash<QString, QString> &sortColumns();
};

} // namespace orrery
