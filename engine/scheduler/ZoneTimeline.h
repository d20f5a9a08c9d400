#pragma once

#include <QTimeZone>
#include <QtGlobal>
#include <limits>

namespace orrery {

// A stretch of time during which a zone's UTC offset is constant: [start, end) in UTC seconds.
// prevOffset is the offset in force just before `start` (equal to `offset` when there is none),
// so a segment whose offset is larger than prevOffset begins with a gap (spring forward) and
// one whose offset is smaller begins with an overlap (fall back).
struct ZoneSegment
{
    static constexpr qint64 Unbounded = std::numeric_limits<qint64>::max() / 4;

    qint64 start = -Unbounded;
    qint64 end = Unbounded;
    int offset = 0;
    int prevOffset = 0;

    bool hasStart() const { return start != -Unbounded; }
    bool hasEnd() const { return end != Unbounded; }
};

// Walks a QTimeZone's offset history segment by segment and converts between UTC seconds and
// wall times (seconds on the local clock, see CivilTime).
class ZoneTimeline
{
public:
    explicit ZoneTimeline(QTimeZone zone);

    const QTimeZone &zone() const { return m_zone; }
    int offsetAt(qint64 utcSeconds) const;
    ZoneSegment segmentAt(qint64 utcSeconds) const;
    ZoneSegment following(const ZoneSegment &segment) const;

    // Wall time -> UTC seconds with Python's fold=0 convention: an ambiguous wall time gives its
    // earlier instant, a wall time inside a gap is read with the offset in force before the gap.
    qint64 wallToUtc(qint64 wall) const;

private:
    QTimeZone m_zone;
    bool m_fixed;
};

} // namespace orrery
