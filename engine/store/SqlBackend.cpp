#include "store/SqlBackend.h"

#include "store/PostgresBackend.h"
#include "store/SqliteBackend.h"

#include <QSqlError>
#include <QSqlQuery>

namespace orrery {

SqlBackend::SqlBackend(StoreUrl url) : m_url(std::move(url)) {}

std::unique_ptr<SqlBackend> SqlBackend::create(const StoreUrl &url)
{
    if (url.backend == StoreUrl::Backend::Postgres)
        return std::make_unique<PostgresBackend>(url);
    return std::make_unique<SqliteBackend>(url);
}

Result<QSqlDatabase> SqlBackend::openConnection(const QString &connectionName, const QString &role) const
{
    if (!QSqlDatabase::isDriverAvailable(driverName()))
        return Error::unavailable(QStringLiteral("the Qt SQL driver %1 for %2 is not installed (Debian package %3)")
                                      .arg(driverName(), name(),
                                           name() == QLatin1String("sqlite") ? QStringLiteral("libqt6sql6-sqlite")
                                                                             : QStringLiteral("libqt6sql6-psql")));
    QSqlDatabase db = QSqlDatabase::addDatabase(driverName(), connectionName);
    configure(db, role);
    if (!db.open()) {
        Error e = sqlError(QStringLiteral("cannot open %1").arg(m_url.masked()), db.lastError());
        e.kind = Error::Kind::Unavailable;
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return e;
    }
    if (Result<void> r = afterOpen(db); !r) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return r.error();
    }
    return db;
}

void SqlBackend::closeConnection(const QString &connectionName)
{
    // Dropping the last handle deletes the driver, which closes the connection. No QSqlDatabase
    // lookup here: this may run on another thread than the owner (the store closing).
    QSqlDatabase::removeDatabase(connectionName);
}

bool SqlBackend::ping(QSqlDatabase &db) const
{
    if (!db.isOpen())
        return false;
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

Error SqlBackend::sqlError(const QString &context, const QSqlError &error) const
{
    QString detail = error.text().trimmed();
    if (detail.isEmpty())
        detail = QStringLiteral("unknown database error");
    return Error::internal(m_url.maskSecrets(QStringLiteral("%1: %2").arg(context, detail)));
}

Error SqlBackend::queryError(const QString &context, const QSqlQuery &query) const
{
    return sqlError(context, query.lastError());
}

Result<int> SqlBackend::execute(QSqlDatabase &db, const QString &sql, const QVariantList &binds, const QString &what) const
{
    QSqlQuery q(db);
    if (!q.prepare(sql))
        return queryError(what, q);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return queryError(what, q);
    return q.numRowsAffected();
}

} // namespace orrery
