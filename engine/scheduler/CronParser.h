#pragma once

#include "core/Result.h"
#include "scheduler/CronSpec.h"

#include <QString>

namespace orrery {

// Parses the cron grammar of specs/scheduling.md §7: 5 fields (Vixie) or 6 with seconds first,
// names, steps, '?', L, L-n, LW, nW, dL, d#n and the time macros. Every error names the field
// (second, minute, hour, day-of-month, month, day-of-week) and the offending token.
class CronParser
{
public:
    static Result<CronSpec> parse(const QString &text);

    // Expands a macro ("@daily") into its 5-field form, or returns an error for @reboot,
    // @every and unknown macros.
    static Result<QString> expandMacro(const QString &macro);
};

} // namespace orrery
