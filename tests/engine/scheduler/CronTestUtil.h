#pragma once

#include "scheduler/CronExpression.h"
#include "scheduler/IsoDateTime.h"
#include "scheduler/ZoneParser.h"

#include <QStringList>
#include <QTest>

namespace orrery::test {

// The next n fire times of expr in zone after `from`, as ISO 8601 strings with offsets.
// Fails the current test (returns {"<error>"}) when an input is invalid.
inline QStringList nextTimes(const QString &expr, const QString &zone, const QString &from, int n)
{
    auto e = CronExpression::parse(expr);
    if (!e)
        return {QStringLiteral("<parse error: %1>").arg(e.error().message)};
    auto z = ZoneParser::parse(zone);
    if (!z)
        return {QStringLiteral("<zone error: %1>").arg(z.error().message)};
    auto t = IsoDateTime::parse(from, *z);
    if (!t)
        return {QStringLiteral("<time error: %1>").arg(t.error().message)};
    QStringList out;
    for (qint64 ms : e->nextN(*t, *z, n))
        out << IsoDateTime::format(ms, *z);
    return out;
}

inline QStringList split(const QString &spaceSeparated)
{
    return spaceSeparated.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

inline qint64 utcMs(const char *iso)
{
    auto t = IsoDateTime::parseInstant(QString::fromLatin1(iso));
    return t ? *t : std::numeric_limits<qint64>::min();
}

} // namespace orrery::test
