#include "store/SqliteBackend.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>

namespace orrery {

SqliteBackend::SqliteBackend(StoreUrl url) : SqlBackend(std::move(url)) {}

QString SqliteBackend::ddl(QString sql) const
{
    sql.replace(QLatin1String("{json}"), QLatin1String("TEXT"));
    sql.replace(QLatin1String("{bigint}"), QLatin1String("INTEGER"));
    sql.replace(QLatin1String("{serial_pk}"), QLatin1String("INTEGER PRIMARY KEY"));
    return sql;
}

void SqliteBackend::configure(QSqlDatabase &db, const QString &role) const
{
    QDir().mkpath(QFileInfo(url().path).absolutePath());
    db.setDatabaseName(url().path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
}

Result<void> SqliteBackend::afterOpen(QSqlDatabase &db) const
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
        return queryError(QStringLiteral("cannot switch %1 to WAL mode").arg(url().path), q);
    if (q.next() && q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return Error::unavailable(QStringLiteral("cannot switch %1 to WAL mode (journal mode stays '%2'); "
                                                 "is the file on a network file system?")
                                      .arg(url().path, q.value(0).toString()));
    q.finish();
    for (const char *pragma : {"PRAGMA synchronous=NORMAL", "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-16384"}) {
        if (!q.exec(QLatin1String(pragma)))
            return queryError(QStringLiteral("cannot configure %1 (%2)").arg(url().path, QLatin1String(pragma)), q);
        q.finish();
    }
    return {};
}

} // namespace orrery
