#include "scheduler/ZoneTimeline.h"

#include <QDateTime>

namespace orrery {

namespace {

QDateTime utcAt(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
}

// The first transition strictly after utcSeconds. Asked 1 ms later (transitions fall on whole
// seconds, so none is skipped) to avoid a Qt 6.4 tz-backend bug: asked exactly at the last
// transition of the zone file's table, nextTransition() returns nothing instead of switching to
// the zone's POSIX rule, which would end DST for good in 2037.
QTimeZone::OffsetData transitionAfter(const QTimeZone &zone, qint64 utcSeconds)
{
    return zone.nextTransition(QDateTime::fromMSecsSinceEpoch(utcSeconds * 1000 + 1, Qt::UTC));
}

bool validTransition(const QTimeZone::OffsetData &d)
{
    return d.atUtc.isValid() && d.offsetFromUtc != std::numeric_limits<int>::min();
}

} // namespace

ZoneTimeline::ZoneTimeline(QTimeZone zone)
    : m_zone(std::move(zone)), m_fixed(!m_zone.hasTransitions())
{
}

int ZoneTimeline::offsetAt(qint64 utcSeconds) const
{
    return m_zone.offsetFromUtc(utcAt(utcSeconds));
}

ZoneSegment ZoneTimeline::segmentAt(qint64 utcSeconds) const
{
    ZoneSegment seg;
    seg.offset = offsetAt(utcSeconds);
    seg.prevOffset = seg.offset;
    if (m_fixed)
        return seg;
    // previousTransition() is strictly before its argument: ask just after our second so that a
    // transition exactly at utcSeconds counts as this segment's start.
    const QTimeZone::OffsetData prev =
        m_zone.previousTransition(QDateTime::fromMSecsSinceEpoch(utcSeconds * 1000 + 1, Qt::UTC));
    if (validTransition(prev)) {
        seg.start = prev.atUtc.toSecsSinceEpoch();
        seg.prevOffset = offsetAt(seg.start - 1);
    }
    const QTimeZone::OffsetData next = transitionAfter(m_zone, utcSeconds);
    if (validTransition(next))
        seg.end = next.atUtc.toSecsSinceEpoch();
    return seg;
}

ZoneSegment ZoneTimeline::following(const ZoneSegment &segment) const
{
    ZoneSegment seg;
    seg.start = segment.end;
    seg.prevOffset = segment.offset;
    seg.offset = offsetAt(seg.start);
    const QTimeZone::OffsetData next = transitionAfter(m_zone, seg.start);
    if (validTransition(next))
        seg.end = next.atUtc.toSecsSinceEpoch();
    return seg;
}

qint64 ZoneTimeline::wallToUtc(qint64 wall) const
{
    if (m_fixed)
        return wall - offsetAt(wall);
    // Offsets never exceed a day, so every instant whose wall time is `wall` lies within two
    // days of wall - 0. Walk the segments there and keep the earliest candidate.
    constexpr qint64 Margin = 2 * 86400;
    ZoneSegment seg = segmentAt(wall - Margin);
    while (true) {
        const qint64 t = wall - seg.offset;
        if (t >= seg.start && t < seg.end)
            return t; // first (earliest) occurrence
        if (t < seg.start)
            return wall - seg.prevOffset; // inside the gap at seg.start: read with the offset before it
        if (!seg.hasEnd() || seg.end > wall + Margin)
            return t;
        seg = following(seg);
    }
}

} // namespace orrery
