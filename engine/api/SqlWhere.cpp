#include "SqlWhere.h"

#include <QSqlQuery>

namespace orrery {

void SqlWhere::add(const QString &clause, const QVariantList &values)
{
    m_clauses.append(clause);
    m_values.append(values);
}

void SqlWhere::addIn(const QString &column, const QStringList &values)
{
    if (values.isEmpty())
        return;
    QStringList marks;
    for (const QString &v : values) {
        marks.append(QStringLiteral("?"));
        m_values.append(v);
    }
    m_clauses.append(QStringLiteral("%1 IN (%2)").arg(column, marks.join(QStringLiteral(", "))));
}

void SqlWhere::addContains(const QString &expression, const QString &text)
{
    m_clauses.append(QStringLiteral("LOWER(CAST(%1 AS TEXT)) LIKE ? ESCAPE '\\'").arg(expression));
    m_values.append(containsPattern(text.toLower()));
}

QString SqlWhere::sql() const
{
    if (m_clauses.isEmpty())
        return {};
    return QStringLiteral(" WHERE ") + m_clauses.join(QStringLiteral(" AND "));
}

void SqlWhere::bind(QSqlQuery &query) const
{
    for (const QVariant &v : m_values)
        query.addBindValue(v);
}

QString SqlWhere::containsPattern(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    for (const QChar c : text) {
        if (c == u'\\' || c == u'%' || c == u'_')
            escaped += u'\\';
        escaped += c;
    }
    return u'%' + escaped + u'%';
}

} // namespace orrery
