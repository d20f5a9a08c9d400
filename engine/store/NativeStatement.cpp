#include "store/NativeStatement.h"

#include "store/PostgresPipeline.h"
#include "store/PostgresStatement.h"
#include "store/SqliteStatement.h"

#include <QSqlDriver>

namespace orrery {

std::unique_ptr<NativeStatement> NativeStatement::prepare(QSqlDatabase &db, const QString &sql, int parameters,
                                                          const SqlBackend &backend, Error *error,
                                                          NativeTransaction *transaction)
{
    if (!db.driver())
        return nullptr;
    QVariant handle = db.driver()->handle();
    if (!handle.isValid() || !handle.data())
        return nullptr;
    const char *type = handle.typeName();
    if (qstrcmp(type, "sqlite3*") == 0) {
        auto *h = *static_cast<sqlite3 **>(handle.data());
        return h ? SqliteStatement::prepare(h, sql, parameters, backend, error) : nullptr;
    }
    // QPSQL declares the handle's type as PGconn*; Qt 6 names it after the struct, pg_conn*.
    if (qstrcmp(type, "pg_conn*") == 0 || qstrcmp(type, "PGconn*") == 0) {
        auto *h = *static_cast<pg_conn **>(handle.data());
        return h ? PostgresStatement::prepare(h, sql, parameters, backend, error,
                                                       dynamic_cast<PostgresPipeline *>(transaction)) : nullptr;
    }
    return nullptr;
}

Result<void> NativeStatement::send(const QVariantList &values, const QString &what)
{
    Result<void> r = exec(values);
    if (!r)
        return Error::internal(QStringLiteral("%1: %2").arg(what, r.error().message));
    return r;
}

} // namespace orrery
