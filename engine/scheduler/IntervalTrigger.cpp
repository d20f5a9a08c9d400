#include "scheduler/IntervalTrigger.h"

#include "scheduler/IsoDateTime.h"

#include <QJsonValue>
#include <QtNumeric>
#include <cmath>

namespace orrery {

Result<IntervalTrigger> IntervalTrigger::create(qint64 startMs, qint64 intervalMs, std::optional<qint64> endMs)
{
    if (intervalMs <= 0)
        return fieldError(QStringLiteral("intervalMs"), QStringLiteral("must be a positive number of milliseconds"),
                          double(intervalMs));
    if (endMs && *endMs < startMs)
        return fieldError(QStringLiteral("end"), QStringLiteral("must not be before start"));
    return IntervalTrigger(startMs, intervalMs, endMs);
}

Result<IntervalTrigger> IntervalTrigger::fromJson(const QJsonObject &json)
{
    const QJsonValue iv = json.value(QStringLiteral("intervalMs"));
    if (!iv.isDouble() || !std::isfinite(iv.toDouble()) || iv.toDouble() != std::floor(iv.toDouble())
        || iv.toDouble() < 1 || iv.toDouble() > 9.0e15)
        return fieldError(QStringLiteral("intervalMs"), QStringLiteral("is required: a positive whole number of milliseconds"),
                          iv);
    auto start = instantField(json, QStringLiteral("start"), true);
    if (!start)
        return start.error();
    auto end = instantField(json, QStringLiteral("end"), false);
    if (!end)
        return end.error();
    return create(**start, qint64(iv.toDouble()), *end);
}

std::optional<qint64> IntervalTrigger::nextFireAfter(qint64 afterMs) const
{
    qint64 next = m_start;
    if (afterMs >= m_start) {
        // Checked arithmetic: a start before 1970 is negative, so "max - start" itself overflowed.
        qint64 elapsed = 0;
        qint64 offset = 0;
        if (qSubOverflow(afterMs, m_start, &elapsed))
            return std::nullopt;
        const qint64 k = elapsed / m_interval + 1;
        if (qMulOverflow(k, m_interval, &offset) || qAddOverflow(m_start, offset, &next))
            return std::nullopt;
    }
    if (m_end && next > *m_end)
        return std::nullopt;
    return next;
}

QJsonObject IntervalTrigger::toJson() const
{
    QJsonObject o{{QStringLiteral("type"), kindName(kind())},
                  {QStringLiteral("intervalMs"), double(m_interval)},
                  {QStringLiteral("start"), IsoDateTime::formatUtc(m_start)}};
    if (m_end)
        o.insert(QStringLiteral("end"), IsoDateTime::formatUtc(*m_end));
    return o;
}

QString IntervalTrigger::durationText(qint64 ms)
{
    struct Unit { qint64 ms; const char *name; };
    static const Unit units[] = {{86400000, "day"}, {3600000, "hour"}, {60000, "minute"}, {1000, "second"}};
    for (const Unit &u : units) {
        if (ms % u.ms == 0) {
            const qint64 n = ms / u.ms;
            return QStringLiteral("%1 %2%3").arg(n).arg(QLatin1String(u.name), n == 1 ? QString() : QStringLiteral("s"));
        }
    }
    return QStringLiteral("%1 ms").arg(ms);
}

QString IntervalTrigger::describe() const
{
    QString out = m_interval == 1000 || m_interval == 60000 || m_interval == 3600000 || m_interval == 86400000
        ? QStringLiteral("Every %1").arg(durationText(m_interval).mid(2))
        : QStringLiteral("Every %1").arg(durationText(m_interval));
    out += QStringLiteral(" from %1").arg(IsoDateTime::formatUtc(m_start));
    if (m_end)
        out += QStringLiteral(" until %1").arg(IsoDateTime::formatUtc(*m_end));
    return out;
}

} // namespace orrery
