#pragma once

#include "core/Result.h"
#include "scheduler/CronSpec.h"

#include <QString>
#include <optional>

namespace orrery {

// Parses one field of a cron expression into the spec's bitsets: values, names, ranges, lists,
// steps, '?', and the day extensions (L, L-n, LW, nW in day-of-month; dL, d#n in day-of-week).
// Errors name the field and the offending token.
class CronFieldParser
{
public:
    // index: 0 second, 1 minute, 2 hour, 3 day-of-month, 4 month, 5 day-of-week.
    static std::optional<Error> parse(int index, const QString &text, CronSpec &spec);
};

} // namespace orrery
