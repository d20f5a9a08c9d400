#pragma once

#include <QtGlobal>

namespace orrery {

// Proleptic Gregorian calendar arithmetic on plain integers, independent of any time zone.
// A "wall time" is a count of seconds since 1970-01-01T00:00:00 on a clock that never jumps
// (what a local clock would read if its offset never changed). Algorithms after
// H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
class CivilTime
{
public:
    static constexpr qint64 SecondsPerDay = 86400;
    // Days in one 400-year Gregorian cycle; weekdays repeat with it too (146097 = 7 * 20871).
    static constexpr qint64 DaysPerCycle = 146097;

    struct Date
    {
        int year;
        int month; // 1..12
        int day;   // 1..31
    };

    static constexpr qint64 floorDiv(qint64 a, qint64 b)
    {
        const qint64 q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }

    static constexpr qint64 daysFromCivil(qint64 y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        const qint64 era = floorDiv(y, 400);
        const qint64 yoe = y - era * 400;
        const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * DaysPerCycle + doe - 719468;
    }

    static constexpr Date civilFromDays(qint64 z)
    {
        z += 719468;
        const qint64 era = floorDiv(z, DaysPerCycle);
        const qint64 doe = z - era * DaysPerCycle;
        const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const qint64 mp = (5 * doy + 2) / 153;
        const int d = int(doy - (153 * mp + 2) / 5 + 1);
        const int m = int(mp < 10 ? mp + 3 : mp - 9);
        const qint64 y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        return Date{int(y), m, d};
    }

    // 0 = Sunday ... 6 = Saturday.
    static constexpr int weekday(qint64 days)
    {
        return int(floorDiv(days + 4, 7) * -7 + days + 4); // (days + 4) mod 7, 1970-01-01 was a Thursday
    }

    static constexpr bool isLeap(qint64 y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

    static constexpr int daysInMonth(qint64 y, int m)
    {
        constexpr int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        return m == 2 && isLeap(y) ? 29 : dim[m - 1];
    }
};

} // namespace orrery
