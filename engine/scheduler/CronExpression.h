#pragma once

#include "core/Result.h"
#include "scheduler/CronSpec.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimeZone>
#include <optional>

namespace orrery {

class ZoneTimeline;

// A parsed cron rule (specs/scheduling.md §7). Fire times are computed on wall time in a zone
// and returned as UTC instants, following the DST rule of §2.6:
//  - wildcard jobs (minute or hour field begins with '*', or @hourly) fire at every real instant
//    whose wall time matches: gap times are skipped, repeated times fire in both passes;
//  - fixed-time jobs fire once at the end of a gap that holds any of their times, and only at
//    the first occurrence of a repeated wall time.
// Results are strictly increasing, a pure function of (expression, zone, after).
class CronExpression
{
public:
    static Result<CronExpression> parse(const QString &text);

    QString text() const { return m_text; }
    const CronSpec &spec() const { return m_spec; }
    bool isWildcard() const { return m_spec.wildcard; }
    bool hasSeconds() const { return m_spec.hasSeconds; }

    // True when no wall time ever matches (e.g. "0 0 30 2 *"), whatever the zone.
    bool neverMatches() const;

    // The first fire time strictly after afterMs (ms since the epoch, UTC), or nullopt when the
    // rule never fires (checked over a full 400-year Gregorian cycle).
    std::optional<qint64> nextAfter(qint64 afterMs, const QTimeZone &zone) const;
    std::optional<qint64> nextAfter(qint64 afterMs, const ZoneTimeline &zone) const;
    std::optional<QDateTime> nextAfter(const QDateTime &after, const QTimeZone &zone) const;

    // Up to n consecutive fire times after afterMs (fewer only when the rule stops firing).
    QList<qint64> nextN(qint64 afterMs, const QTimeZone &zone, int n) const;

    // Plain-English description, e.g. "At 02:30, every day".
    QString describe() const;

private:
    CronExpression(QString text, CronSpec spec) : m_text(std::move(text)), m_spec(std::move(spec)) {}

    QString m_text;
    CronSpec m_spec;
};

} // namespace orrery
