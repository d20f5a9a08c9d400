#include "store/NativeStatement.h"

#include "store/PostgresStatement.h"
#include "store/SqliteStatement.h"

#include <QSqlDriver>

namespace orrery {

std::unique_ptr<NativeStatement> NativeStatement::prepare(QSqlDatabase &db, const QString &sql, int parameters,
                                                          const SqlBackend &backend, Error *error)
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
    if (qstrcmp(type, "PGconn*") == 0) {
        auto *h = *static_cast<pg_conn **>(handle.data());
        return h ? PostgresStatement::prepare(h, sql, parameters, backend, error) : nullptr;
    }
    return nullptr;
}

} // namespace orrery
