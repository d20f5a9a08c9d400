#include "store/NativeTransaction.h"

#include "store/PostgresPipeline.h"

#include <QSqlDriver>

namespace orrery {

std::unique_ptr<NativeTransaction> NativeTransaction::open(QSqlDatabase &db, const SqlBackend &backend)
{
    if (!db.driver())
        return nullptr;
    QVariant handle = db.driver()->handle();
    if (!handle.isValid() || !handle.data()
        || (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr; // (Qt 6 names QPSQL's PGconn* handle pg_conn*)
    auto *conn = *static_cast<pg_conn **>(handle.data());
    return conn ? std::make_unique<PostgresPipeline>(conn, backend) : nullptr;
}

} // namespace orrery
