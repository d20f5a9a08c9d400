#include "BreakerTableModel.h"

#include "TimeText.h"
#include "core/Clock.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QJsonArray>

namespace orrery {

namespace {

const QString kReceived = QStringLiteral("_receivedAtMs");

QJsonObject stamped(QJsonObject breaker, qint64 nowMs)
{
    breaker.insert(kReceived, double(nowMs));
    return breaker;
}

} // namespace

BreakerTableModel::BreakerTableModel(Clock *clock, QObject *parent)
    : OpsTableModel(QStringLiteral("name"), parent)
    , m_clock(clock ? clock : SystemClock::instance())
{
    setTitles({tr("Breaker"), tr("State"), tr("Since"), tr("Calls"), tr("Failures"), tr("Failure rate"), tr("Rejections"),
               tr("Trips"), tr("Half-open in"), tr("Last failure / transition")});
}

void BreakerTableModel::setStatus(const QJsonObject &status)
{
    QList<QJsonObject> rows;
    const qint64 now = m_clock->nowMs();
    for (const QJsonValue &v : status.value(QStringLiteral("breakers")).toArray())
        rows.append(stamped(v.toObject(), now));
    setRows(rows);
}

void BreakerTableModel::updateBreaker(const QJsonObject &breaker)
{
    appendRows({stamped(breaker, m_clock->nowMs())});
}

void BreakerTableModel::noteTransition(const QJsonObject &event)
{
    const QString name = event.value(QStringLiteral("name")).toString();
    if (name.isEmpty())
        return;
    m_reasons.insert(name, tr("%1 → %2: %3")
                               .arg(event.value(QStringLiteral("from")).toString(), event.value(QStringLiteral("to")).toString(),
                                    event.value(QStringLiteral("reason")).toString()));
    if (const int row = rowOf(name); row >= 0)
        Q_EMIT dataChanged(index(row, LastFailure), index(row, LastFailure));
}

QString BreakerTableModel::stateOf(const QString &name) const
{
    return rowObject(name).value(QStringLiteral("state")).toString();
}

qint64 BreakerTableModel::remaining(const QJsonObject &row) const
{
    if (row.value(QStringLiteral("state")).toString() != QLatin1String("OPEN") || !row.contains(QStringLiteral("msUntilHalfOpen")))
        return -1;
    const qint64 passed = m_clock->nowMs() - qint64(row.value(kReceived).toDouble());
    return qMax<qint64>(0, qint64(row.value(QStringLiteral("msUntilHalfOpen")).toDouble()) - qMax<qint64>(0, passed));
}

qint64 BreakerTableModel::msUntilHalfOpen(const QString &name) const
{
    return rowOf(name) < 0 ? -1 : remaining(rowObject(name));
}

bool BreakerTableModel::countdownDue() const
{
    for (int r = 0; r < rowCount(); ++r)
        if (remaining(rowObject(r)) == 0)
            return true;
    return false;
}

void BreakerTableModel::tick()
{
    columnChanged(HalfOpenIn);
    columnChanged(Since);
}

QColor BreakerTableModel::stateColor(const QString &state)
{
    if (state == QLatin1String("CLOSED"))
        return QColor(0x2e, 0x8b, 0x57);
    if (state == QLatin1String("HALF_OPEN"))
        return QColor(0xd3, 0x8b, 0x00);
    if (state == QLatin1String("OPEN"))
        return QColor(0xc0, 0x39, 0x2b);
    if (state == QLatin1String("FORCED_OPEN"))
        return QColor(0x8e, 0x24, 0x4d);
    return QColor(0x60, 0x60, 0x60);
}

QVariant BreakerTableModel::cellData(const QJsonObject &row, int column, int role) const
{
    const QString state = row.value(QStringLiteral("state")).toString();
    const QJsonObject window = row.value(QStringLiteral("window")).toObject();
    const QJsonObject last = row.value(QStringLiteral("lastFailure")).toObject();
    const auto number = [&row](const char *field) { return QVariant(qint64(row.value(QLatin1String(field)).toDouble())); };
    if (role == Qt::ForegroundRole && column == State)
        return QBrush(stateColor(state));
    if (role == Qt::BackgroundRole && column == State) {
        QColor c = stateColor(state);
        c.setAlpha(40);
        return QBrush(c);
    }
    if (role == Qt::FontRole && column == State) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::TextAlignmentRole && column >= Calls && column <= Trips)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case Since: return TimeText::local(qint64(row.value(QStringLiteral("stateSinceMs")).toDouble()));
        case Failures:
            return tr("%1 counted failures, %2 ignored (terminal errors), %3 successes; %4 in a row")
                .arg(number("failures").toLongLong())
                .arg(number("ignoredFailures").toLongLong())
                .arg(number("successes").toLongLong())
                .arg(number("consecutiveFailures").toLongLong());
        case FailureRate:
            return tr("%1 of %2 calls in the sliding window failed")
                .arg(window.value(QStringLiteral("failures")).toInt())
                .arg(window.value(QStringLiteral("calls")).toInt());
        case LastFailure: {
            const QString reason = m_reasons.value(row.value(QStringLiteral("name")).toString());
            return reason.isEmpty() ? QVariant() : tr("Last transition: %1").arg(reason);
        }
        default: return {};
        }
    }
    if (role == SortRole) {
        switch (column) {
        case Since: return row.value(QStringLiteral("stateSinceMs")).toDouble();
        case FailureRate: return window.value(QStringLiteral("failureRatePercent")).toDouble();
        case HalfOpenIn: return remaining(row);
        default: break;
        }
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case Name: return row.value(QStringLiteral("name")).toString();
    case State: return state; // the API's names, the same in every language
    case Since: return TimeText::relative(qint64(row.value(QStringLiteral("stateSinceMs")).toDouble()), m_clock->nowMs());
    case Calls: return number("calls");
    case Failures: return number("failures");
    case FailureRate:
        return window.value(QStringLiteral("calls")).toInt() > 0
            ? tr("%1%").arg(window.value(QStringLiteral("failureRatePercent")).toDouble(), 0, 'f', 1)
            : tr("–");
    case Rejections: return number("rejections");
    case Trips: return number("trips");
    case HalfOpenIn:
        if (state == QLatin1String("OPEN")) {
            const qint64 left = remaining(row);
            return left > 0 ? TimeText::duration(left) : tr("now");
        }
        if (state == QLatin1String("HALF_OPEN"))
            return tr("probing (%1 in flight)").arg(row.value(QStringLiteral("halfOpenProbesInFlight")).toInt());
        if (state == QLatin1String("FORCED_OPEN"))
            return tr("until closed or reset");
        return QString();
    case LastFailure:
        if (!last.isEmpty())
            return tr("%1 (%2)").arg(last.value(QStringLiteral("message")).toString(),
                                     TimeText::relative(qint64(last.value(QStringLiteral("timeMs")).toDouble()), m_clock->nowMs()));
        return m_reasons.value(row.value(QStringLiteral("name")).toString());
    default: return {};
    }
}

} // namespace orrery
