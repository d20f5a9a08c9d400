#include "scheduler/Job.h"

#include "scheduler/CronTrigger.h"
#include "scheduler/IntervalTrigger.h"

#include <algorithm>

namespace orrery {

QString coalesceName(CoalescePolicy policy)
{
    switch (policy) {
    case CoalescePolicy::Latest: return QStringLiteral("latest");
    case CoalescePolicy::Earliest: return QStringLiteral("earliest");
    case CoalescePolicy::All: return QStringLiteral("all");
    }
    return QString();
}

std::optional<CoalescePolicy> parseCoalesce(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("latest"))
        return CoalescePolicy::Latest;
    if (n == QLatin1String("earliest"))
        return CoalescePolicy::Earliest;
    if (n == QLatin1String("all"))
        return CoalescePolicy::All;
    return std::nullopt;
}

std::optional<qint64> JobDefinition::nextAfter(qint64 afterMs) const
{
    if (!trigger)
        return std::nullopt;
    if (startMs && afterMs < *startMs)
        afterMs = *startMs - 1; // start is inclusive
    const std::optional<qint64> next = trigger->nextFireAfter(afterMs);
    if (!next || (endMs && *next > *endMs))
        return std::nullopt;
    return next;
}

std::optional<qint64> JobDefinition::effectiveEnd() const
{
    std::optional<qint64> end = endMs;
    std::optional<qint64> triggerEnd;
    if (auto *cron = dynamic_cast<const CronTrigger *>(trigger.get()))
        triggerEnd = cron->endMs();
    else if (auto *interval = dynamic_cast<const IntervalTrigger *>(trigger.get()))
        triggerEnd = interval->endMs();
    if (triggerEnd)
        end = end ? std::min(*end, *triggerEnd) : *triggerEnd;
    return end;
}

QTimeZone JobDefinition::displayZone() const
{
    if (auto *cron = dynamic_cast<const CronTrigger *>(trigger.get()))
        return cron->timezone();
    return QTimeZone(QByteArrayLiteral("UTC"));
}

QString Job::stateName() const
{
    if (flagged())
        return QStringLiteral("flagged");
    if (paused)
        return QStringLiteral("paused");
    if (!nextFireMs)
        return QStringLiteral("finished");
    return QStringLiteral("scheduled");
}

} // namespace orrery
