#include "MergedWorkflowSearch.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrl>
#include <algorithm>

namespace orrery {

namespace {

struct SortKey
{
    QString field;
    bool descending = true;
};

QList<SortKey> sortKeys(const QString &sort)
{
    QList<SortKey> keys;
    for (const QString &part : sort.split(u'|', Qt::SkipEmptyParts)) {
        const QStringList fd = part.trimmed().split(u':');
        keys.append({fd.value(0).trimmed(), fd.value(1).trimmed().compare(QLatin1String("ASC"), Qt::CaseInsensitive) != 0});
    }
    if (keys.isEmpty())
        keys.append({QStringLiteral("startTime"), true});
    return keys;
}

// Times are ISO-8601 strings here and epoch numbers on some servers; both compare as instants.
int compareValues(const QJsonValue &a, const QJsonValue &b)
{
    auto instant = [](const QJsonValue &v) -> qint64 {
        if (v.isDouble())
            return qint64(v.toDouble());
        const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        return t.isValid() ? t.toMSecsSinceEpoch() : -1;
    };
    const qint64 ia = instant(a), ib = instant(b);
    if (ia >= 0 && ib >= 0)
        return ia < ib ? -1 : ia > ib ? 1 : 0;
    if (a.isDouble() && b.isDouble())
        return a.toDouble() < b.toDouble() ? -1 : a.toDouble() > b.toDouble() ? 1 : 0;
    return a.toVariant().toString().compare(b.toVariant().toString());
}

QString inList(const QString &field, const QStringList &values)
{
    return QStringLiteral("%1 IN (%2)").arg(field, values.join(QStringLiteral(",")));
}

} // namespace

QString MergedWorkflowSearch::remoteQuery(const Paging &paging, const QString &sort, const QString &freeText,
                                          const QString &query, const QStringList &statuses, const QStringList &workflowTypes)
{
    QStringList conditions;
    if (!query.trimmed().isEmpty())
        conditions.append(query.trimmed());
    if (!statuses.isEmpty())
        conditions.append(inList(QStringLiteral("status"), statuses));
    if (!workflowTypes.isEmpty())
        conditions.append(inList(QStringLiteral("workflowType"), workflowTypes));
    QStringList parts{QStringLiteral("start=0"), QStringLiteral("size=%1").arg(window(paging))};
    auto add = [&parts](const char *key, const QString &value) {
        if (!value.isEmpty())
            parts.append(QLatin1String(key) + u'=' + QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add("sort", sort);
    add("freeText", freeText);
    add("query", conditions.join(QStringLiteral(" AND ")));
    return parts.join(u'&');
}

QJsonObject MergedWorkflowSearch::merge(const QJsonObject &local, const QJsonObject &remote, const QString &sort,
                                        const Paging &paging, const QJsonObject &sources)
{
    QList<QJsonObject> rows;
    for (const QJsonValue &v : local.value(QStringLiteral("results")).toArray()) {
        QJsonObject row = v.toObject();
        row.insert(QStringLiteral("source"), QStringLiteral("local"));
        rows.append(row);
    }
    for (const QJsonValue &v : remote.value(QStringLiteral("results")).toArray())
        rows.append(v.toObject());
    const QList<SortKey> keys = sortKeys(sort);
    std::stable_sort(rows.begin(), rows.end(), [&keys](const QJsonObject &a, const QJsonObject &b) {
        for (const SortKey &k : keys) {
            const int c = compareValues(a.value(k.field), b.value(k.field));
            if (c != 0)
                return k.descending ? c > 0 : c < 0;
        }
        return a.value(QLatin1String("workflowId")).toString() < b.value(QLatin1String("workflowId")).toString();
    });
    QJsonArray page;
    for (qsizetype i = paging.start; i < rows.size() && i < qsizetype(window(paging)); ++i)
        page.append(rows.at(i));
    const qint64 total = qint64(local.value(QStringLiteral("totalHits")).toDouble())
                         + qint64(remote.value(QStringLiteral("totalHits")).toDouble());
    QJsonObject answer = paging.page(total, page);
    answer.insert(QStringLiteral("sources"), sources);
    return answer;
}

} // namespace orrery
