#include "store/StoreUrl.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

namespace orrery {

namespace {

// Masks "user:secret@" in a raw URL string we could not parse, so a typo never leaks a password.
QString maskRaw(const QString &raw)
{
    const qsizetype scheme = raw.indexOf(QLatin1String("://"));
    const qsizetype at = raw.lastIndexOf(QLatin1Char('@'));
    if (scheme < 0 || at < 0 || at < scheme)
        return raw;
    const qsizetype colon = raw.indexOf(QLatin1Char(':'), scheme + 3);
    if (colon < 0 || colon > at)
        return raw;
    return raw.left(colon + 1) + QLatin1String("***") + raw.mid(at);
}

Result<StoreUrl> parsePostgres(const QString &raw)
{
    const QUrl url(raw, QUrl::StrictMode);
    const QString shown = maskRaw(raw);
    if (!url.isValid())
        return Error::invalid(QStringLiteral("store URL '%1' is not a valid URL: %2")
                                  .arg(shown, url.errorString().replace(raw, shown)));
    StoreUrl u;
    u.backend = StoreUrl::Backend::Postgres;
    u.host = url.host();
    u.port = url.port(5432);
    u.user = url.userName(QUrl::FullyDecoded);
    u.password = url.password(QUrl::FullyDecoded);
    u.database = url.path(QUrl::FullyDecoded);
    if (u.database.startsWith(QLatin1Char('/')))
        u.database.remove(0, 1);
    if (u.host.isEmpty())
        return Error::invalid(QStringLiteral("store URL '%1' names no host; expected "
                                             "postgresql://user:password@host:port/dbname").arg(shown));
    if (u.database.isEmpty() || u.database.contains(QLatin1Char('/')))
        return Error::invalid(QStringLiteral("store URL '%1' names no database; expected "
                                             "postgresql://user:password@host:port/dbname").arg(shown));
    const QUrlQuery query(url);
    for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
        if (item.first.isEmpty() || item.first.contains(QLatin1Char(' ')) || item.second.contains(QLatin1Char(' '))
            || item.second.contains(QLatin1Char(';')))
            return Error::invalid(QStringLiteral("store URL '%1': option '%2' is not a valid connection parameter")
                                      .arg(shown, item.first));
        u.options.append(item);
    }
    return u;
}

Result<StoreUrl> parseSqlite(QString path, const QString &raw)
{
    if (path.isEmpty())
        return Error::invalid(QStringLiteral("store URL '%1' names no database file").arg(raw));
    if (path == QLatin1String(":memory:") || path.startsWith(QLatin1String("file::memory:")))
        return Error::invalid(QStringLiteral("store URL '%1': an in-memory SQLite database cannot be shared by the "
                                             "store's writer and reader connections; use a file path").arg(raw));
    StoreUrl u;
    u.backend = StoreUrl::Backend::Sqlite;
    u.path = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    return u;
}

} // namespace

Result<StoreUrl> StoreUrl::parse(const QString &input)
{
    const QString raw = input.trimmed();
    if (raw.isEmpty())
        return Error::invalid(QStringLiteral("store URL is empty; use sqlite:/path/to/orrery.db or "
                                             "postgresql://user:password@host:port/dbname"));
    if (raw.startsWith(QLatin1String("postgresql://")) || raw.startsWith(QLatin1String("postgres://")))
        return parsePostgres(raw);
    if (raw.startsWith(QLatin1String("sqlite://")))
        return parseSqlite(QUrl(raw).path(QUrl::FullyDecoded), raw); // sqlite:///abs/path
    if (raw.startsWith(QLatin1String("sqlite:")))
        return parseSqlite(raw.mid(7), raw);
    const qsizetype scheme = raw.indexOf(QLatin1String("://"));
    if (scheme > 0)
        return Error::invalid(QStringLiteral("store URL '%1' has an unsupported scheme '%2'; use sqlite: or postgresql://")
                                  .arg(maskRaw(raw), raw.left(scheme)));
    return parseSqlite(raw, raw);
}

QString StoreUrl::masked() const
{
    if (backend == Backend::Sqlite)
        return QStringLiteral("sqlite:") + path;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    if (!password.isEmpty())
        url.setPassword(QStringLiteral("***"));
    url.setPath(QLatin1Char('/') + database);
    if (!options.isEmpty()) {
        QUrlQuery q;
        q.setQueryItems(options);
        url.setQuery(q);
    }
    return url.toString();
}

QString StoreUrl::maskSecrets(QString text) const
{
    if (!password.isEmpty())
        text.replace(password, QStringLiteral("***"));
    return text;
}

} // namespace orrery
