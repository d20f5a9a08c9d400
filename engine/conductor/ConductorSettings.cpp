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

Result<QString> ConductorSettings::normalizeUrl(const QString &text, const QString &source)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty())
        return Error::invalid(QStringLiteral("%1: \"%2\" is not an http(s)://host[:port][/path] URL of a Conductor server")
                                  .arg(source, url.toDisplayString(QUrl::RemoveUserInfo)));
    if (!url.userInfo().isEmpty())
        return Error::invalid(QStringLiteral("%1: put no user or password in the URL; use --conductor-key-id and "
                                             "--conductor-key-secret (or their ORRERY_ environment variables)").arg(source));
    if (url.hasQuery() || url.hasFragment())
        return Error::invalid(QStringLiteral("%1: the URL of a Conductor server has no query or fragment").arg(source));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (path.endsWith(QLatin1String("/api")))
        path.chop(4);
    QUrl clean = url;
    clean.setPath(path);
    return clean.toString(QUrl::StripTrailingSlash);
}

} // namespace orrery
