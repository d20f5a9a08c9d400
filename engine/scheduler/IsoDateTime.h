#pragma once

#include "core/Result.h"

#include <QString>
#include <QTimeZone>

namespace orrery {

class ZoneTimeline;

// ISO 8601 text for instants (milliseconds since the Unix epoch, UTC).
class IsoDateTime
{
public:
    // "2024-03-10T03:00:00-04:00": the wall time in `zone` with the offset in force at that
    // instant (+00:00 for UTC). Milliseconds are printed only when not zero.
    static QString format(qint64 ms, const ZoneTimeline &zone);
    static QString format(qint64 ms, const QTimeZone &zone);
    // "2024-03-10T07:00:00Z".
    static QString formatUtc(qint64 ms);

    // Parses "YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM|±HHMM|±HH]" (a space may replace the T).
    // Without an offset the text is a wall time in `zone`: an ambiguous one means its earlier
    // instant, one inside a DST gap is read with the offset in force before the gap.
    static Result<qint64> parse(const QString &text, const QTimeZone &zone);
    // As parse(), but the text must carry an offset or Z (for persisted instants).
    static Result<qint64> parseInstant(const QString &text);
};

} // namespace orrery
