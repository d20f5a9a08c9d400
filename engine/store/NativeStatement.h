#pragma once

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>
#include <memory>

namespace orrery {

class NativeTransaction;
class SqlBackend;

// A prepared statement run through the database's own C API (sqlite3 / libpq) on the handle of a
// Qt connection, for the writer's hot path: QSqlQuery formats a placeholder name per bound value,
// and QPSQL sends a prepared statement's values as SQL literals in an EXECUTE text, which cost
// more than the database's work for small rows. Values are bound as QSQLite would bind them
// (null QString/QByteArray -> NULL, integers, doubles, text, blobs) or, on PostgreSQL, sent as
// text parameters the server converts to the column's type. Statements run inside the
// transaction the connection has open; finalize() must run before the connection closes.
class NativeStatement
{
public:
    virtual ~NativeStatement() = default;

    // A statement for `sql` (with `?` placeholders) on `db`, or nullptr if the connection's driver
    // has no native path (then `error` is untouched) or preparing failed (then `error` is set).
    // With `transaction` (NativeTransaction::open on the same connection), send() queues into it
    // while it is open.
    static std::unique_ptr<NativeStatement> prepare(QSqlDatabase &db, const QString &sql, int parameters,
                                                    const SqlBackend &backend, Error *error,
                                                    NativeTransaction *transaction = nullptr);

    // Binds `values` (exactly the statement's parameter count) and runs it to completion.
    virtual Result<void> exec(const QVariantList &values) = 0;
    // exec(), or, while the statement's transaction is open, queues it there without waiting:
    // then its failure is reported by the transaction's commit(). Errors start with `what`.
    virtual Result<void> send(const QVariantList &values, const QString &what);
    // Releases the statement (before its connection closes); exec() fails afterwards.
    virtual void finalize() = 0;
};

} // namespace orrery
