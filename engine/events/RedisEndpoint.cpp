#include "RedisEndpoint.h"

#include <QUrl>

namespace orrery {

Result<RedisEndpoint> RedisEndpoint::parse(const QString &url)
{
    const QString trimmed = url.trimmed();
    const QUrl u(trimmed, QUrl::StrictMode);
    if (trimmed.isEmpty() || !u.isValid())
        // The URL itself is not repeated: it may hold a password.
        return Error::invalid(QStringLiteral("redis-url is not a valid URL; expected redis://[:password@]host[:port][/db]"));
    if (u.scheme() != QLatin1String("redis"))
        return Error::invalid(QStringLiteral("redis-url: scheme '%1' is not supported; use redis:// (TLS rediss:// is not supported)")
                                  .arg(u.scheme()));
    RedisEndpoint e;
    e.host = u.host();
    if (e.host.isEmpty())
        return Error::invalid(QStringLiteral("redis-url: the host is missing; expected redis://host[:port]"));
    const int port = u.port(6379);
    if (port <= 0 || port > 65535)
        return Error::invalid(QStringLiteral("redis-url: port %1 is out of range").arg(port));
    e.port = quint16(port);
    e.user = u.userName(QUrl::FullyDecoded);
    e.password = u.password(QUrl::FullyDecoded);
    const QString path = u.path();
    if (!path.isEmpty() && path != QLatin1String("/")) {
        bool ok = false;
        const int db = path.mid(1).toInt(&ok);
        if (!ok || db < 0)
            return Error::invalid(QStringLiteral("redis-url: database '%1' is not a non-negative number").arg(path.mid(1)));
        e.db = db;
    }
    return e;
}

QString RedisEndpoint::display() const
{
    if (host.isEmpty())
        return QString();
    QString auth;
    if (!password.isEmpty())
        auth = user + QStringLiteral(":***@");
    else if (!user.isEmpty())
        auth = user + QLatin1Char('@');
    return QStringLiteral("redis://%1%2:%3/%4").arg(auth, host).arg(port).arg(db);
}

} // namespace orrery
