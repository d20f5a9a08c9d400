#pragma once

#include "scheduler/CronSpec.h"

#include <QString>

namespace orrery {

// Plain-English text for a parsed cron rule, for the console and the API:
// "At 02:30 every day", "Every 15 minutes", "At 09:00 on Monday through Friday",
// "At 00:00 on the last day of the month or on Friday".
class CronDescriber
{
public:
    static QString describe(const CronSpec &spec);
};

} // namespace orrery
