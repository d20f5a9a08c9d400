#include "AuditTableModel.h"

#include "TimeText.h"
#include "core/Clock.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>

namespace orrery {

AuditTableModel::AuditTableModel(Clock *clock, QObject *parent)
    : OpsTableModel(QStringLiteral("id"), parent)
    , m_clock(clock ? clock : SystemClock::instance())
{
    setTitles({tr("Time"), tr("Actor"), tr("Role"), tr("Method"), tr("Route"), tr("Target"), tr("Status"), tr("Outcome"),
               tr("Message")});
}

void AuditTableModel::applyPage(const QJsonObject &page, bool append)
{
    QList<QJsonObject> rows;
    for (const QJsonValue &v : page.value(QStringLiteral("results")).toArray())
        rows.append(v.toObject());
    if (!append)
        clear(); // newest first: a fresh first page is shown in the server's order
    appendRows(rows);
    m_total = page.value(QStringLiteral("totalHits")).toInt();
}

QColor AuditTableModel::outcomeColor(const QString &outcome)
{
    if (outcome == QLatin1String("ok"))
        return QColor(0x2e, 0x8b, 0x57);
    if (outcome == QLatin1String("denied"))
        return QColor(0xd3, 0x6b, 0x00);
    if (outcome == QLatin1String("rejected"))
        return QColor(0x9a, 0x7d, 0x0a);
    return QColor(0xc0, 0x39, 0x2b);
}

QVariant AuditTableModel::cellData(const QJsonObject &row, int column, int role) const
{
    const qint64 time = qint64(row.value(QStringLiteral("time")).toDouble());
    if (role == Qt::ForegroundRole && column == Outcome)
        return QBrush(outcomeColor(row.value(QStringLiteral("outcome")).toString()));
    if (role == Qt::ToolTipRole) {
        if (column == Time)
            return TimeText::relative(time, m_clock->nowMs());
        if (column == Actor)
            return tr("Token id %1, from %2")
                .arg(row.value(QStringLiteral("actorId")).toString(), row.value(QStringLiteral("remote")).toString());
        if (column == Message)
            return row.value(QStringLiteral("message")).toString();
        return {};
    }
    if (role == SortRole && column == Time)
        return time;
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case Time: return TimeText::local(time);
    case Actor: return row.value(QStringLiteral("actor")).toString();
    case Role: return row.value(QStringLiteral("role")).toString();
    case Method: return row.value(QStringLiteral("method")).toString();
    case Route: return row.value(QStringLiteral("route")).toString();
    case Target: return row.value(QStringLiteral("target")).toString();
    case Status: return row.value(QStringLiteral("status")).toInt();
    case Outcome: return row.value(QStringLiteral("outcome")).toString();
    case Message: return row.value(QStringLiteral("message")).toString();
    default: return {};
    }
}

} // namespace orrery
