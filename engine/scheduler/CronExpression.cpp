#include "scheduler/CronExpression.h"

#include "scheduler/CivilTime.h"
#include "scheduler/CronDescriber.h"
#include "scheduler/CronParser.h"
#include "scheduler/ZoneTimeline.h"

#include <QRegularExpression>

namespace orrery {

namespace {

// Remembers the last wall-time search: no match in [from, result), and result matches.
class MatchCache
{
public:
    explicit MatchCache(const CronSpec &spec) : m_spec(spec) {}

    std::optional<qint64> firstAtOrAfter(qint64 wall)
    {
        if (m_valid && m_from <= wall && wall <= m_result)
            return m_result;
        const std::optional<qint64> r = m_spec.nextMatch(wall);
        if (r) {
            m_valid = true;
            m_from = wall;
            m_result = *r;
        }
        return r;
    }

private:
    const CronSpec &m_spec;
    bool m_valid = false;
    qint64 m_from = 0;
    qint64 m_result = 0;
};

// The §2.6 rule, segment by segment of constant UTC offset. Returns UTC seconds.
std::optional<qint64> nextFire(const CronSpec &spec, const ZoneTimeline &zone, qint64 firstCandidate)
{
    const bool fixedTime = !spec.wildcard;
    // A matching wall time that exists recurs within a 400-year cycle; a wildcard job whose every
    // match falls into DST gaps never fires, so the walk is bounded by one cycle (plus slack).
    const qint64 limit = firstCandidate + (CivilTime::DaysPerCycle + 2) * CivilTime::SecondsPerDay;
    MatchCache cache(spec);
    ZoneSegment seg = zone.segmentAt(firstCandidate);
    while (true) {
        if (fixedTime && seg.hasStart() && seg.start >= firstCandidate && seg.offset > seg.prevOffset) {
            // This segment opens with a gap [start+prevOffset, start+offset) on the wall clock:
            // a fixed-time job with any time inside it fires once, at the transition instant.
            const std::optional<qint64> w = cache.firstAtOrAfter(seg.start + seg.prevOffset);
            if (!w)
                return std::nullopt;
            if (*w < seg.start + seg.offset)
                return seg.start;
        }
        qint64 wallLow = qMax(seg.start, firstCandidate) + seg.offset;
        if (fixedTime && seg.hasStart() && seg.offset < seg.prevOffset)
            wallLow = qMax(wallLow, seg.start + seg.prevOffset); // repeated wall times already had their first pass
        const std::optional<qint64> w = cache.firstAtOrAfter(wallLow);
        if (!w)
            return std::nullopt;
        if (!seg.hasEnd() || *w < seg.end + seg.offset)
            return *w - seg.offset;
        if (seg.end > limit)
            return std::nullopt;
        // The next match is far away (a sparse rule): jump over the segments in between instead of
        // walking them. Safe because no wall time in [wallLow, *w) matches, and every skipped
        // segment lies inside that range (offsets differ by less than MaxOffsetSpread).
        constexpr qint64 MaxOffsetSpread = 2 * CivilTime::SecondsPerDay;
        const qint64 target = *w - seg.offset - MaxOffsetSpread;
        if (wallLow <= seg.end + seg.offset - MaxOffsetSpread && target > seg.end) {
            seg = zone.segmentAt(target);
            continue;
        }
        seg = zone.following(seg);
    }
}

} // namespace

Result<CronExpression> CronExpression::parse(const QString &text)
{
    auto spec = CronParser::parse(text);
    if (!spec)
        return spec.error();
    static const QRegularExpression ws(QStringLiteral("\\s+"));
    QString normalised = text.trimmed().split(ws, Qt::SkipEmptyParts).join(QLatin1Char(' '));
    if (normalised.startsWith(QLatin1Char('@')))
        normalised = normalised.toLower();
    return CronExpression(normalised, std::move(spec).value());
}

bool CronExpression::neverMatches() const
{
    return !m_spec.nextMatch(0).has_value();
}

std::optional<qint64> CronExpression::nextAfter(qint64 afterMs, const ZoneTimeline &zone) const
{
    const qint64 firstCandidate = CivilTime::floorDiv(afterMs, 1000) + 1;
    const std::optional<qint64> secs = nextFire(m_spec, zone, firstCandidate);
    if (!secs)
        return std::nullopt;
    return *secs * 1000;
}

std::optional<qint64> CronExpression::nextAfter(qint64 afterMs, const QTimeZone &zone) const
{
    return nextAfter(afterMs, ZoneTimeline(zone));
}

std::optional<QDateTime> CronExpression::nextAfter(const QDateTime &after, const QTimeZone &zone) const
{
    const std::optional<qint64> ms = nextAfter(after.toMSecsSinceEpoch(), zone);
    if (!ms)
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(*ms, zone);
}

QList<qint64> CronExpression::nextN(qint64 afterMs, const QTimeZone &zone, int n) const
{
    QList<qint64> out;
    const ZoneTimeline timeline(zone);
    qint64 after = afterMs;
    for (int i = 0; i < n; ++i) {
        const std::optional<qint64> next = nextAfter(after, timeline);
        if (!next)
            break;
        out.append(*next);
        after = *next;
    }
    return out;
}

QString CronExpression::describe() const
{
    return CronDescriber::describe(m_spec);
}

} // namespace orrery
