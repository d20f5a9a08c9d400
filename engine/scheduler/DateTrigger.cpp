#include "scheduler/DateTrigger.h"

#include "scheduler/IsoDateTime.h"

namespace orrery {

Result<DateTrigger> DateTrigger::fromJson(const QJsonObject &json)
{
    auto runAt = instantField(json, QStringLiteral("runAt"), true);
    if (!runAt)
        return runAt.error();
    return DateTrigger(**runAt);
}

std::optional<qint64> DateTrigger::nextFireAfter(qint64 afterMs) const
{
    if (m_runAt > afterMs)
        return m_runAt;
    return std::nullopt;
}

QJsonObject DateTrigger::toJson() const
{
    return QJsonObject{{QStringLiteral("type"), kindName(kind())}, {QStringLiteral("runAt"), IsoDateTime::formatUtc(m_runAt)}};
}

QString DateTrigger::describe() const
{
    return QStringLiteral("Once at %1").arg(IsoDateTime::formatUtc(m_runAt));
}

} // namespace orrery
