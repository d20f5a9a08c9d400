#pragma once

#include "Paging.h"

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QStringList>
#include <optional>

namespace orrery {

class SqlBackend;
class SqlWhere;

// Read queries over the engine's workflows table (columns id, name, version, status,
// project_id, correlation_id, create_time, update_time, end_time, json) on an API connection.
// What they see trails the engine by the store's write-behind window (a few ms).
class WorkflowQueries
{
public:
    // Conductor's SearchResult<WorkflowSummary> (times as ISO-8601 strings), with start/size.
    // `where` filters on alias w; `orderBy` is a whitelisted ORDER BY list.
    static Result<QJsonObject> search(QSqlDatabase &db, const SqlBackend &backend, const SqlWhere &where,
                                      const QString &orderBy, const Paging &paging);
    // Ids of RUNNING workflows of name+version, oldest first, optionally by creation time.
    static Result<QJsonArray> running(QSqlDatabase &db, const SqlBackend &backend, const QString &name, int version,
                                      std::optional<qint64> from, std::optional<qint64> to,
                                      const std::optional<QStringList> &projects);

    static const QHash<QString, QString> &sortColumns();
    // A Conductor WorkflowSummary from the stored workflow JSON.
    static QJsonObject summary(const QJsonObject &storedWorkflow);
};

// Parses Conductor's `sort` ("field:ASC|field2:DESC") against whitelisted columns into an
// ORDER BY list; a 400 names an unknown field or direction.
Result<QString> orderByFromSort(const QString &sort, const QHash<QString, QString> &columns, const QString &defaultOrder);

} // namespace orrery
