#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <array>
#include <optional>

namespace orrery {

// The compiled form of a cron expression: one bitset per field plus the Quartz-style day
// extensions. Produced by CronParser; matching works on wall times (see CivilTime).
struct CronSpec
{
    quint64 seconds = 0;          // bits 0..59
    quint64 minutes = 0;          // bits 0..59
    quint32 hours = 0;            // bits 0..23
    quint32 domDays = 0;          // bits 1..31: plain days of the month
    quint32 domNearestWeekday = 0; // bits 1..31: nW
    quint32 domLastOffsets = 0;   // bit n: L-n (L = L-0), n = 0..30
    bool domLastWeekday = false;  // LW
    quint16 months = 0;           // bits 1..12
    quint8 dowDays = 0;           // bits 0..6 (Sunday = 0; 7 is folded onto 0)
    quint8 dowLast = 0;           // bit d: dL, the last weekday d of the month
    std::array<quint8, 7> dowNth{}; // dowNth[d] bit n (1..5): d#n

    // Vixie's rule is decided on the text: a day field is "unrestricted" when it begins with
    // '*' (or is '?'). Both restricted -> OR, otherwise AND.
    bool domUnrestricted = false;
    bool dowUnrestricted = false;

    // cronie's DST class: minute or hour field begins with '*', or @hourly.
    bool wildcard = false;
    bool hasSeconds = false;

    // Normalised field texts, always six: second minute hour day-of-month month day-of-week
    // (second is "0" for 5-field expressions). Used by the describer.
    QStringList fields;

    bool dayMatches(qint64 days) const;
    bool dayMatches(int year, int month, int day, int weekday) const;

    // The first wall time >= fromWall that matches every field, or nullopt when no day matches
    // within one full 400-year Gregorian cycle (then none ever will).
    std::optional<qint64> nextMatch(qint64 fromWall) const;

    // True when this exact wall time (to the second) matches every field.
    bool matchesWall(qint64 wall) const;

private:
    std::optional<int> firstTimeOfDayAtOrAfter(int secondOfDay) const;
    bool domMatches(int year, int month, int day, int dim) const;
    bool dowMatches(int day, int dim, int weekday) const;
};

} // namespace orrery
