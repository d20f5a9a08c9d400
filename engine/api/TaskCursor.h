#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <QVariantList>

namespace orrery {

class SqlWhere;

// Keyset ("seek") paging of GET /api/tasks: `after=<cursor>` continues a list after the row the
// cursor names, whatever its depth, instead of counting `start` rows from the top (which costs
// O(start)). A cursor is opaque to clients: base64url of {"o": ORDER BY, "k": [sort key values...,
// taskId]} of the last row of a page (the answer's `nextAfter`). The order is part of it, so a
// cursor made under another `sort` is refused instead of giving a wrong page.
class TaskCursor
{
public:
    struct SortKey
    {
        QString column;   // "t.update_time"
        bool descending = false;
    };

    // Parses an ORDER BY list made by orderByFromSort ("t.update_time DESC, t.task_type ASC").
    static QList<SortKey> parseOrder(const QString &orderBy);
    // Integer columns (the rest are text).
    static bool isNumeric(const QString &column);

    // The cursor of a row: its sort key values (in parseOrder order) and task id.
    static QString encode(const QString &orderBy, const QVariantList &keyValues, const QString &taskId);
    // Decodes `text` made for `orderBy`; a 400-style error naming the `after` parameter otherwise.
    static Result<TaskCursor> decode(const QString &text, const QString &orderBy);

    // Adds "rows strictly after this cursor in ORDER BY <orderBy>, t.id" to `where`: the
    // lexicographic comparison written out, plus a range term on the first key an index can seek.
    void restrict(SqlWhere &where) const;

    const QVariantList &keyValues() const { return m_values; }
    const QString &taskId() const { return m_taskId; }

private:
    QList<SortKey> m_keys;
    QVariantList m_values;
    QString m_taskId;
};

} // namespace orrery
