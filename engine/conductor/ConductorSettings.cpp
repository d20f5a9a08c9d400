#include "ConductorSettings.h"

#include <QHostInfo>

namespace orrery {

QString ConductorSettings::hostPort() const
{
    const QUrl u(url);
    const int port = u.port(u.scheme() == QLatin1String("https") ? 443 : 80);
    QString host = u.host();
    if (host.contains(QLatin1Char(':')))
        host = QStringLiteral("[%1]").arg(host);
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

QString ConductorSettings::breakerName() const
{
    return QStringLiteral("conductor:") + hostPort();
}

QString ConductorSettings::effectiveWorkerId() const
{
    if (!workerId.isEmpty())
        return workerId;
    const QString host = QHostInfo::localHostName();
    return host.isEmpty() ? QStringLiteral("orrery") : host;
}

} // namespace orrery
