#include "PoolTypeModel.h"

#include <QJsonArray>

namespace orrery {

PoolTypeModel::PoolTypeModel(QObject *parent)
    : OpsTableModel(QStringLiteral("type"), parent)
{
    setTitles({tr("Task type"), tr("Limit"), tr("In flight"), tr("Running"), tr("Queued"), tr("Completed"), tr("Failed"),
               tr("Failed (terminal)")});
}

void PoolTypeModel::setPool(const QJsonObject &pool)
{
    QList<QJsonObject> rows;
    const QJsonObject types = pool.value(QStringLiteral("types")).toObject();
    for (auto it = types.begin(); it != types.end(); ++it) {
        QJsonObject row = it.value().toObject();
        row.insert(QStringLiteral("type"), it.key());
        rows.append(row);
    }
    // Handlers that have not run anything yet are listed too (with zero counters).
    for (const QJsonValue &h : pool.value(QStringLiteral("handlers")).toArray())
        if (!types.contains(h.toString()))
            rows.append(QJsonObject{{QStringLiteral("type"), h.toString()},
                                    {QStringLiteral("maxConcurrent"), pool.value(QStringLiteral("maxConcurrent"))}});
    setRows(rows);
}

QVariant PoolTypeModel::cellData(const QJsonObject &row, int column, int role) const
{
    if (role == Qt::TextAlignmentRole && column != Type)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    static constexpr const char *fields[] = {"type", "maxConcurrent", "inFlight", "running", "queued", "completed", "failed", "failedTerminal"};
    if (column < 0 || column >= ColumnCount)
        return {};
    const QJsonValue v = row.value(QLatin1String(fields[column]));
    if (column == Type)
        return v.toString();
    return qint64(v.toDouble());
}

} // namespace orrery
