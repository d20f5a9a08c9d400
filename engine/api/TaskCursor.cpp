#include "TaskCursor.h"

#include "SqlWhere.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace orrery {

namespace {

Error badCursor(const QString &why, const QString &text)
{
    return Error::invalid(QStringLiteral("Query parameter 'after' is not a cursor of this list (%1); pass the nextAfter of the "
                                         "previous page unchanged, with the same sort.").arg(why),
                          {{QStringLiteral("after"), why, text.left(200)}});
}

} // namespace

QList<TaskCursor::SortKey> TaskCursor::parseOrder(const QString &orderBy)
{
    QList<SortKey> keys;
    for (const QString &part : orderBy.split(u',', Qt::SkipEmptyParts)) {
        const QStringList words = part.trimmed().split(u' ', Qt::SkipEmptyParts);
        if (words.isEmpty())
            continue;
        keys.append(SortKey{words.first(), words.size() > 1 && words.at(1).compare(QLatin1String("DESC"), Qt::CaseInsensitive) == 0});
    }
    return keys;
}

bool TaskCursor::isNumeric(const QString &column)
{
    return column.endsWith(QLatin1String("_time")) || column.endsWith(QLatin1String(".seq"));
}

QString TaskCursor::encode(const QString &orderBy, const QVariantList &keyValues, const QString &taskId)
{
    QJsonArray k;
    const QList<SortKey> keys = parseOrder(orderBy);
    for (qsizetype i = 0; i < keys.size() && i < keyValues.size(); ++i)
        k.append(isNumeric(keys.at(i).column) ? QJsonValue(keyValues.at(i).toLongLong()) : QJsonValue(keyValues.at(i).toString()));
    k.append(taskId);
    const QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("o"), orderBy}, {QStringLiteral("k"), k}}).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<TaskCursor> TaskCursor::decode(const QString &text, const QString &orderBy)
{
    const QByteArray::FromBase64Result raw =
        QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!raw || text.size() > 4096)
        return badCursor(QStringLiteral("not base64url"), text);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*raw, &parseError);
    if (!doc.isObject())
        return badCursor(QStringLiteral("not a cursor"), text);
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("o")).toString() != orderBy)
        return badCursor(QStringLiteral("made for another sort"), text);
    TaskCursor c;
    c.m_keys = parseOrder(orderBy);
    const QJsonArray k = o.value(QStringLiteral("k")).toArray();
    if (k.size() != c.m_keys.size() + 1 || !k.last().isString() || k.last().toString().isEmpty())
        return badCursor(QStringLiteral("wrong number of keys"), text);
    for (qsizetype i = 0; i < c.m_keys.size(); ++i) {
        const QJsonValue v = k.at(i);
        if (isNumeric(c.m_keys.at(i).column)) {
            if (!v.isDouble())
                return badCursor(QStringLiteral("key %1 is not a number").arg(i + 1), text);
            c.m_values.append(qlonglong(v.toInteger()));
        } else {
            if (!v.isString())
                return badCursor(QStringLiteral("key %1 is not a string").arg(i + 1), text);
            c.m_values.append(v.toString());
        }
    }
    c.m_taskId = k.last().toString();
    return c;
}

void TaskCursor::restrict(SqlWhere &where) const
{
    // (k1 op v1) OR (k1 = v1 AND k2 op v2) OR ... OR (k1 = v1 AND ... AND t.id > id)
    QStringList alternatives;
    QVariantList binds;
    QString equalSoFar;
    QVariantList equalBinds;
    for (qsizetype i = 0; i <= m_keys.size(); ++i) {
        const bool last = i == m_keys.size();
        const QString column = last ? QStringLiteral("t.id") : m_keys.at(i).column;
        const QString op = !last && m_keys.at(i).descending ? QStringLiteral(" < ?") : QStringLiteral(" > ?");
        alternatives.append(QLatin1Char('(') + equalSoFar + column + op + QLatin1Char(')'));
        binds += equalBinds;
        binds.append(last ? QVariant(m_taskId) : m_values.at(i));
        equalSoFar += column + QStringLiteral(" = ? AND ");
        equalBinds.append(last ? QVariant(m_taskId) : m_values.at(i));
    }
    // The first key's range alone, so an index on it seeks to the cursor instead of scanning to it.
    if (!m_keys.isEmpty())
        where.add(m_keys.first().column + (m_keys.first().descending ? QStringLiteral(" <= ?") : QStringLiteral(" >= ?")), {m_values.first()});
    else
        where.add(QStringLiteral("t.id >= ?"), {m_taskId});
    where.add(QLatin1Char('(') + alternatives.join(QStringLiteral(" OR ")) + QLatin1Char(')'), binds);
}

} // namespace orrery
