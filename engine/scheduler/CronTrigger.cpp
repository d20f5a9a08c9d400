#include "scheduler/CronTrigger.h"

#include "scheduler/IsoDateTime.h"
#include "scheduler/ZoneParser.h"

#include <QJsonValue>

namespace orrery {

CronTrigger::CronTrigger(CronExpression expression, QTimeZone zone, QString zoneName, std::optional<qint64> start,
                         std::optional<qint64> end)
    : m_expression(std::move(expression)), m_timeline(std::move(zone)), m_zoneName(std::move(zoneName)),
      m_start(start), m_end(end)
{
}

Result<CronTrigger> CronTrigger::create(const QString &expression, const QString &timezone,
                                        std::optional<qint64> startMs, std::optional<qint64> endMs)
{
    auto expr = CronExpression::parse(expression);
    if (!expr) {
        const Error &e = expr.error();
        return fieldError(QStringLiteral("expression"), e.message, expression);
    }
    auto zone = ZoneParser::parse(timezone);
    if (!zone)
        return fieldError(QStringLiteral("timezone"), zone.error().message, timezone);
    if (startMs && endMs && *endMs < *startMs)
        return fieldError(QStringLiteral("end"), QStringLiteral("must not be before start"));
    const QString name = ZoneParser::canonicalName(*zone);
    return CronTrigger(std::move(expr).value(), std::move(zone).value(), name, startMs, endMs);
}

Result<CronTrigger> CronTrigger::fromJson(const QJsonObject &json)
{
    const QJsonValue expr = json.value(QStringLiteral("expression"));
    if (!expr.isString())
        return fieldError(QStringLiteral("expression"), QStringLiteral("is required: a cron expression such as \"30 2 * * *\""),
                          expr);
    const QJsonValue tz = json.value(QStringLiteral("timezone"));
    if (!tz.isUndefined() && !tz.isNull() && !tz.isString())
        return fieldError(QStringLiteral("timezone"), QStringLiteral("must be a string such as \"Europe/Berlin\""), tz);
    auto start = instantField(json, QStringLiteral("start"), false);
    if (!start)
        return start.error();
    auto end = instantField(json, QStringLiteral("end"), false);
    if (!end)
        return end.error();
    return create(expr.toString(), tz.isString() ? tz.toString() : QStringLiteral("UTC"), *start, *end);
}

std::optional<qint64> CronTrigger::nextFireAfter(qint64 afterMs) const
{
    if (m_start && afterMs < *m_start)
        afterMs = *m_start - 1; // start is inclusive
    const std::optional<qint64> next = m_expression.nextAfter(afterMs, m_timeline);
    if (!next || (m_end && *next > *m_end))
        return std::nullopt;
    return next;
}

QJsonObject CronTrigger::toJson() const
{
    QJsonObject o{{QStringLiteral("type"), kindName(kind())},
                  {QStringLiteral("expression"), m_expression.text()},
                  {QStringLiteral("timezone"), m_zoneName}};
    if (m_start)
        o.insert(QStringLiteral("start"), IsoDateTime::formatUtc(*m_start));
    if (m_end)
        o.insert(QStringLiteral("end"), IsoDateTime::formatUtc(*m_end));
    return o;
}

QString CronTrigger::describe() const
{
    QString out = QStringLiteral("%1 (%2)").arg(m_expression.describe(), m_zoneName);
    if (m_start)
        out += QStringLiteral(", from %1").arg(IsoDateTime::format(*m_start, m_timeline));
    if (m_end)
        out += QStringLiteral(", until %1").arg(IsoDateTime::format(*m_end, m_timeline));
    return out;
}

} // namespace orrery
