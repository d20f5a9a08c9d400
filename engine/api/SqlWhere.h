#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>

class QSqlQuery;

namespace orrery {

// Builds the WHERE clause of a list query from optional filters, with positional bind values
// (the same SQL runs on SQLite and PostgreSQL). Values are always bound, never spliced in.
class SqlWhere
{
public:
    void add(const QString &clause, const QVariantList &values = {});
    // column IN (?, ?, ...); nothing is added for an empty list.
    void addIn(const QString &column, const QStringList &values);
    // Case-insensitive substring match of `text` in the text of `expression`.
    void addContains(const QString &expression, const QString &text);

    QString sql() const; // "" or " WHERE a AND b ..."
    const QVariantList &values() const { return m_values; }
    void bind(QSqlQuery &query) const;

    // `text` with LIKE's wildcards escaped (ESCAPE '\'), wrapped in % for a substring match.
    static QString containsPattern(const QString &text);

private:
    QStringList m_clauses;
    QVariantList m_values;
};

} // namespace orrery
