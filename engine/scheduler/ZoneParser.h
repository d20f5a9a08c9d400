#pragma once

#include "core/Result.h"

#include <QString>
#include <QTimeZone>

namespace orrery {

// Turns a user's zone name into a QTimeZone (specs/scheduling.md §2.7): IANA Area/Location names
// (Europe/Berlin), UTC/GMT, and fixed offsets (+05:30, -0330, UTC+05:45). Abbreviations and
// legacy single-word names (EST, CET, EST5EDT) are rejected because they do not say which rules
// apply.
class ZoneParser
{
public:
    static Result<QTimeZone> parse(const QString &name);

    // The name to persist for a zone parse() accepted (fixed offsets as UTC+HH:MM).
    static QString canonicalName(const QTimeZone &zone);
};

} // namespace orrery
