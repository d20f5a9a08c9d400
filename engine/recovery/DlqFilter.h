#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QStringList>
#include <QVariantList>

namespace orrery {

// Which DLQ entries a list, bulk replay or purge applies to. Every criterion given must hold;
// a list criterion matches any of its values. JSON (body of POST /api/dlq/replay and purge, and
// the query parameters of GET /api/dlq, where lists are repeated or comma-separated):
//   {"ids": [...], "taskType": [...], "projectId": [...], "reason": [...], "status": [...],
//    "workflowId": "...", "from": 1700000000000 | "2024-05-01T00:00:00Z", "to": ..., "text": "503"}
// `status` defaults to DEAD; "ALL" matches every status. `from`/`to` bound the last failure
// time (ms since the epoch or ISO-8601), `to` exclusive. `text` is a case-insensitive substring
// of the ids, the message and every attempt's error.
struct DlqFilter
{
    QStringList ids;
    QStringList taskTypes;
    QStringList projects;
    QStringList reasons;
    QStringList statuses; // empty = every status (fromJson puts DEAD there unless told otherwise)
    QString workflowId;
    qint64 fromMs = 0;    // 0 = no bound
    qint64 toMs = 0;      // 0 = no bound
    QString text;

    static const QStringList &reasonNames(); // the reason classes the engine reports

    // Lenient on shapes (a string where a list is expected is a one-element list), strict on
    // values (unknown reason or status, a bad time): errors name the field.
    static Result<DlqFilter> fromJson(const QJsonObject &json, const QString &pathPrefix = QString());
    QJsonObject toJson() const;

    // True when nothing but the status narrows the selection (a purge of everything).
    bool selectsAllOfStatus() const;
    // Narrows to the given projects (a token's scope); empty `allowed` = no narrowing. A filter
    // that asked only for other projects matches nothing afterwards.
    void restrictToProjects(const QStringList &allowed);
    bool matchesNothing() const { return m_nothing; }

    // " WHERE ..." (or empty) with `?` placeholders, and the values to bind in order.
    QString sqlWhere(QVariantList &binds) const;

private:
    bool m_nothing = false;
};

} // namespace orrery
