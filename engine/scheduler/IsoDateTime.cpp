#include "scheduler/IsoDateTime.h"

#include "scheduler/CivilTime.h"
#include "scheduler/ZoneTimeline.h"

#include <QRegularExpression>
#include <optional>

namespace orrery {

namespace {

QString formatWithOffset(qint64 ms, int offset, bool zulu)
{
    const qint64 secs = CivilTime::floorDiv(ms, 1000);
    const int millis = int(ms - secs * 1000);
    const qint64 wall = secs + offset;
    const qint64 days = CivilTime::floorDiv(wall, CivilTime::SecondsPerDay);
    const int sod = int(wall - days * CivilTime::SecondsPerDay);
    const CivilTime::Date d = CivilTime::civilFromDays(days);
    QString out = QString::asprintf("%04d-%02d-%02dT%02d:%02d:%02d", d.year, d.month, d.day, sod / 3600,
                                    (sod / 60) % 60, sod % 60);
    if (millis != 0)
        out += QString::asprintf(".%03d", millis);
    if (zulu)
        return out + QLatin1Char('Z');
    const int a = offset < 0 ? -offset : offset;
    out += QString::asprintf("%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, (a / 60) % 60);
    if (a % 60 != 0)
        out += QString::asprintf(":%02d", a % 60);
    return out;
}

Error timeError(const QString &text, const QString &msg)
{
    return Error::invalid(msg, {FieldError{QStringLiteral("time"), msg, text}});
}

struct Parsed
{
    qint64 wallMs = 0;
    std::optional<int> offset;
};

Result<Parsed> parseParts(const QString &input)
{
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
        "(?:([Zz])|([+-])(\\d{2})(?::?(\\d{2}))?)?$"));
    const QString text = input.trimmed();
    const QRegularExpressionMatch m = re.match(text);
    const QString expected = QStringLiteral("expected an ISO 8601 date-time such as 2024-03-10T01:30:00, "
                                            "2024-03-10T01:30:00-05:00 or 2024-03-10T06:30:00Z");
    if (!m.hasMatch())
        return timeError(input, QStringLiteral("invalid date-time '%1': %2").arg(input, expected));
    const int year = m.captured(1).toInt();
    const int month = m.captured(2).toInt();
    const int day = m.captured(3).toInt();
    const int hour = m.captured(4).toInt();
    const int minute = m.captured(5).toInt();
    const int second = m.captured(6).toInt();
    if (month < 1 || month > 12 || day < 1 || day > CivilTime::daysInMonth(year, month) || hour > 23
        || minute > 59 || second > 59)
        return timeError(input, QStringLiteral("invalid date-time '%1': no such date or time of day").arg(input));
    int millis = 0;
    if (!m.captured(7).isEmpty())
        millis = (m.captured(7) + QStringLiteral("00")).left(3).toInt();
    Parsed p;
    p.wallMs = (CivilTime::daysFromCivil(year, month, day) * CivilTime::SecondsPerDay + hour * 3600 + minute * 60
                + second) * 1000 + millis;
    if (!m.captured(8).isEmpty()) {
        p.offset = 0;
    } else if (!m.captured(9).isEmpty()) {
        const int oh = m.captured(10).toInt();
        const int om = m.captured(11).toInt();
        if (oh > 18 || om > 59)
            return timeError(input, QStringLiteral("invalid offset in '%1'").arg(input));
        p.offset = (oh * 3600 + om * 60) * (m.captured(9) == QLatin1String("-") ? -1 : 1);
    }
    return p;
}

} // namespace

QString IsoDateTime::format(qint64 ms, const ZoneTimeline &zone)
{
    return formatWithOffset(ms, zone.offsetAt(CivilTime::floorDiv(ms, 1000)), false);
}

QString IsoDateTime::format(qint64 ms, const QTimeZone &zone)
{
    return format(ms, ZoneTimeline(zone));
}

QString IsoDateTime::formatUtc(qint64 ms)
{
    return formatWithOffset(ms, 0, true);
}

Result<qint64> IsoDateTime::parse(const QString &text, const QTimeZone &zone)
{
    auto parts = parseParts(text);
    if (!parts)
        return parts.error();
    if (parts->offset)
        return parts->wallMs - qint64(*parts->offset) * 1000;
    const qint64 wallSecs = CivilTime::floorDiv(parts->wallMs, 1000);
    const qint64 millis = parts->wallMs - wallSecs * 1000;
    return ZoneTimeline(zone).wallToUtc(wallSecs) * 1000 + millis;
}

Result<qint64> IsoDateTime::parseInstant(const QString &text)
{
    auto parts = parseParts(text);
    if (!parts)
        return parts.error();
    if (!parts->offset)
        return timeError(text, QStringLiteral("date-time '%1' needs an offset or Z (e.g. 2024-03-10T07:00:00Z)").arg(text));
    return parts->wallMs - qint64(*parts->offset) * 1000;
}

} // namespace orrery
