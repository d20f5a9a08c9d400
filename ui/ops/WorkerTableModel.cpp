#include "WorkerTableModel.h"

#include "TimeText.h"
#include "core/Clock.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>

namespace orrery {

namespace {

QVariant count(const QJsonValue &v)
{
    return v.isDouble() ? QVariant(qint64(v.toDouble())) : QVariant();
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}

} // namespace

WorkerTableModel::WorkerTableModel(Clock *clock, QObject *parent)
    : OpsTableModel(QStringLiteral("workerId"), parent)
    , m_clock(clock ? clock : SystemClock::instance())
{
    setTitles({tr("Worker"), tr("Kind"), tr("Task types"), tr("In flight"), tr("Running"), tr("Queued"), tr("Capacity"),
               tr("Last poll"), tr("Polls"), tr("Handed out")});
}

void WorkerTableModel::setPage(const QJsonObject &page)
{
    QList<QJsonObject> rows;
    QJsonObject pool;
    for (const QJsonValue &v : page.value(QStringLiteral("results")).toArray()) {
        const QJsonObject w = v.toObject();
        if (w.value(QStringLiteral("kind")).toString() == QLatin1String("local") && w.value(QStringLiteral("pool")).isObject())
            pool = w.value(QStringLiteral("pool")).toObject();
        rows.append(w);
    }
    setRows(rows);
    if (pool != m_pool) {
        m_pool = pool;
        Q_EMIT localPoolChanged(m_pool);
    }
}

QVariant WorkerTableModel::cellData(const QJsonObject &row, int column, int role) const
{
    const bool local = row.value(QStringLiteral("kind")).toString() == QLatin1String("local");
    const QJsonObject pool = row.value(QStringLiteral("pool")).toObject();
    const qint64 lastPoll = qint64(row.value(QStringLiteral("lastPollTime")).toDouble());
    if (role == Qt::TextAlignmentRole && column >= InFlight && column != LastPoll)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && column == Kind && local)
        return QBrush(QColor(0x1f, 0x5f, 0xa8));
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case LastPoll: return local ? tr("Local workers are handed tasks directly; they never poll.") : TimeText::local(lastPoll);
        case InFlight: {
            QStringList parts;
            const QJsonObject byType = row.value(QStringLiteral("inFlightByType")).toObject();
            for (auto it = byType.begin(); it != byType.end(); ++it)
                parts << tr("%1: %2").arg(it.key()).arg(qint64(it.value().toDouble()));
            return parts.isEmpty() ? QVariant() : QVariant(parts.join(QLatin1Char('\n')));
        }
        case TaskTypes: {
            const QStringList domains = strings(row.value(QStringLiteral("domains")));
            return domains.isEmpty() ? QVariant() : QVariant(tr("Domains: %1").arg(domains.join(QStringLiteral(", "))));
        }
        default: return {};
        }
    }
    if (role == SortRole && column == LastPoll)
        return lastPoll;
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case WorkerId: return row.value(QStringLiteral("workerId")).toString();
    case Kind: return local ? tr("local pool") : tr("remote poller");
    case TaskTypes: return strings(row.value(QStringLiteral("taskTypes"))).join(QStringLiteral(", "));
    case InFlight: return count(row.value(QStringLiteral("inFlight")));
    case Running: return count(pool.value(QStringLiteral("running")));
    case Queued: return count(pool.value(QStringLiteral("queued")));
    case Capacity: return count(pool.value(QStringLiteral("maxConcurrent")));
    case LastPoll:
        if (local)
            return tr("(handed directly)");
        return lastPoll > 0 ? TimeText::relative(lastPoll, m_clock->nowMs()) : tr("never");
    case Polls: return count(row.value(QStringLiteral("pollCount")));
    case HandedOut: return count(row.value(QStringLiteral("tasksHandedOut")));
    default: return {};
    }
}

} // namespace orrery
