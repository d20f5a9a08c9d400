#include "scheduler/CronSpec.h"

#include "scheduler/CivilTime.h"

#include <bit>

namespace orrery {

namespace {

// Lowest set bit of `bits` at index >= from, or -1.
int nextBit(quint64 bits, int from)
{
    if (from >= 64)
        return -1;
    const quint64 masked = bits & (~quint64(0) << from);
    return masked ? std::countr_zero(masked) : -1;
}

} // namespace

bool CronSpec::domMatches(int year, int month, int day, int dim) const
{
    if (domDays & (quint32(1) << day))
        return true;
    if (domLastOffsets & (quint32(1) << (dim - day)))
        return true;
    if (domLastWeekday) {
        const int lastWd = CivilTime::weekday(CivilTime::daysFromCivil(year, month, dim));
        const int lw = lastWd == 6 ? dim - 1 : lastWd == 0 ? dim - 2 : dim;
        if (day == lw)
            return true;
    }
    if (domNearestWeekday) {
        const qint64 first = CivilTime::daysFromCivil(year, month, 1);
        quint32 bits = domNearestWeekday;
        while (bits) {
            const int n = std::countr_zero(bits);
            bits &= bits - 1;
            if (n > dim)
                break; // nW for a day the month does not have: no fire this month
            const int wd = CivilTime::weekday(first + n - 1);
            int target = n;
            if (wd == 6)
                target = n == 1 ? 3 : n - 1;     // Saturday: Friday before, but the 1st -> Monday 3rd
            else if (wd == 0)
                target = n == dim ? n - 2 : n + 1; // Sunday: Monday after, but the last -> Friday before
            if (target == day)
                return true;
        }
    }
    return false;
}

bool CronSpec::dowMatches(int day, int dim, int weekday) const
{
    if (dowDays & (1u << weekday))
        return true;
    if ((dowLast & (1u << weekday)) && day + 7 > dim)
        return true;
    if (dowNth[weekday] & (1u << ((day - 1) / 7 + 1)))
        return true;
    return false;
}

bool CronSpec::dayMatches(int year, int month, int day, int weekday) const
{
    if (!(months & (1u << month)))
        return false;
    const int dim = CivilTime::daysInMonth(year, month);
    if (domUnrestricted || dowUnrestricted)
        return domMatches(year, month, day, dim) && dowMatches(day, dim, weekday);
    return domMatches(year, month, day, dim) || dowMatches(day, dim, weekday);
}

bool CronSpec::dayMatches(qint64 days) const
{
    const CivilTime::Date d = CivilTime::civilFromDays(days);
    return dayMatches(d.year, d.month, d.day, CivilTime::weekday(days));
}

std::optional<int> CronSpec::firstTimeOfDayAtOrAfter(int sod) const
{
    const int h0 = sod / 3600;
    const int m0 = (sod / 60) % 60;
    const int s0 = sod % 60;
    for (int h = nextBit(hours, h0); h >= 0; h = nextBit(hours, h + 1)) {
        const int mFrom = h == h0 ? m0 : 0;
        for (int m = nextBit(minutes, mFrom); m >= 0; m = nextBit(minutes, m + 1)) {
            const int sFrom = (h == h0 && m == m0) ? s0 : 0;
            const int s = nextBit(seconds, sFrom);
            if (s >= 0)
                return h * 3600 + m * 60 + s;
        }
    }
    return std::nullopt;
}

bool CronSpec::matchesWall(qint64 wall) const
{
    const qint64 days = CivilTime::floorDiv(wall, CivilTime::SecondsPerDay);
    const int sod = int(wall - days * CivilTime::SecondsPerDay);
    if (!dayMatches(days))
        return false;
    return (hours >> (sod / 3600) & 1) && (minutes >> ((sod / 60) % 60) & 1) && (seconds >> (sod % 60) & 1);
}

std::optional<qint64> CronSpec::nextMatch(qint64 fromWall) const
{
    qint64 days = CivilTime::floorDiv(fromWall, CivilTime::SecondsPerDay);
    int sod = int(fromWall - days * CivilTime::SecondsPerDay);
    // Day-of-week and every calendar rule repeat after one 400-year cycle, so a day search
    // that covers a full cycle (plus the partial first day) has seen every case.
    const qint64 lastDay = days + CivilTime::DaysPerCycle + 1;
    while (days <= lastDay) {
        const CivilTime::Date d = CivilTime::civilFromDays(days);
        if (!(months & (1u << d.month))) {
            // Skip the rest of a month that is not selected.
            days += CivilTime::daysInMonth(d.year, d.month) - d.day + 1;
            sod = 0;
            continue;
        }
        if (dayMatches(d.year, d.month, d.day, CivilTime::weekday(days))) {
            if (const auto t = firstTimeOfDayAtOrAfter(sod))
                return days * CivilTime::SecondsPerDay + *t;
        }
        ++days;
        sod = 0;
    }
    return std::nullopt;
}

} // namespace orrery
