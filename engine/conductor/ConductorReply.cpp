#include "ConductorRequest.h"

#include <QJsonObject>

namespace orrery {

QString ConductorReply::describe() const
{
    if (refusedByBreaker)
        return QStringLiteral("not sent: the Conductor server's circuit breaker is open (next try in %1 ms)").arg(retryAfterMs);
    if (status == 0)
        return error.isEmpty() ? QStringLiteral("no answer from the Conductor server") : error;
    QString message = json().object().value(QStringLiteral("message")).toString();
    if (message.isEmpty())
        message = QString::fromUtf8(body.left(200)).simplified();
    return message.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : QStringLiteral("HTTP %1: %2").arg(status).arg(message);
}

} // namespace orrery
