#include "runtime/EngineLease.h"

#include <QDateTime>

namespace orrery {

QJsonObject EngineLeaseHolder::toJson() const
{
    if (!known())
        return {};
    return QJsonObject{{QStringLiteral("instance"), instance},
                       {QStringLiteral("url"), url},
                       {QStringLiteral("since"), QDateTime::fromMSecsSinceEpoch(sinceMs, Qt::UTC).toString(Qt::ISODateWithMs)}};
}

} // namespace orrery
