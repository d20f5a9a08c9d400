#include "scheduler/ZoneParser.h"

#include <QRegularExpression>

namespace orrery {

namespace {

Error zoneError(const QString &name, const QString &msg)
{
    return Error::invalid(msg, {FieldError{QStringLiteral("timezone"), msg, name}});
}

} // namespace

Result<QTimeZone> ZoneParser::parse(const QString &input)
{
    const QString name = input.trimmed();
    if (name.isEmpty())
        return zoneError(input, QStringLiteral("empty time zone: use an IANA name such as Europe/Berlin, UTC, or a "
                                               "fixed offset such as +05:30"));
    if (name == QLatin1String("UTC") || name == QLatin1String("GMT") || name == QLatin1String("Z"))
        return QTimeZone(QByteArrayLiteral("UTC"));

    static const QRegularExpression offsetRe(
        QStringLiteral("^(?:UTC|GMT)?([+-])(\\d{1,2})(?::?(\\d{2}))?$"));
    const QRegularExpressionMatch m = offsetRe.match(name);
    if (m.hasMatch()) {
        const int hours = m.captured(2).toInt();
        const int minutes = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt();
        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
            return zoneError(input, QStringLiteral("time zone offset '%1' is out of range (-14:00 to +14:00)").arg(name));
        const int seconds = (hours * 3600 + minutes * 60) * (m.captured(1) == QLatin1String("-") ? -1 : 1);
        if (seconds == 0)
            return QTimeZone(QByteArrayLiteral("UTC"));
        QTimeZone fixed(seconds);
        if (!fixed.isValid())
            return zoneError(input, QStringLiteral("time zone offset '%1' is not supported").arg(name));
        return fixed;
    }

    if (!name.contains(QLatin1Char('/')))
        return zoneError(input, QStringLiteral("time zone '%1' is an abbreviation or legacy name that does not say which "
                                               "rules apply; use an IANA Area/Location name such as America/New_York, "
                                               "UTC, or a fixed offset such as +05:30").arg(name));
    static const QRegularExpression idRe(QStringLiteral("^[A-Za-z0-9_+\\-]+(/[A-Za-z0-9_+\\-]+)+$"));
    if (!idRe.match(name).hasMatch() || name.contains(QLatin1String("..")))
        return zoneError(input, QStringLiteral("invalid time zone name '%1'").arg(name));
    QTimeZone zone(name.toUtf8());
    if (!zone.isValid())
        return zoneError(input, QStringLiteral("unknown time zone '%1': use an IANA name such as Europe/Berlin (names "
                                               "are case-sensitive), UTC, or a fixed offset such as +05:30").arg(name));
    return zone;
}

QString ZoneParser::canonicalName(const QTimeZone &zone)
{
    return QString::fromUtf8(zone.id());
}

} // namespace orrery
