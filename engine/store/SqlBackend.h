#pragma once

#include "core/Result.h"
#include "store/StoreUrl.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>
#include <memory>

class QSqlError;
class QSqlQuery;

namespace orrery {

// The database-specific bits of the store: how to open a connection and the few places where
// SQLite and PostgreSQL SQL differ. Everything else (schema, upserts, reads) is common SQL.
class SqlBackend
{
public:
    explicit SqlBackend(StoreUrl url);
    virtual ~SqlBackend() = default;

    static std::unique_ptr<SqlBackend> create(const StoreUrl &url);

    virtual QString name() const = 0; // "sqlite" | "postgresql"

    // Opens a new connection registered as `connectionName`, owned by the calling thread.
    // `role` ("writer", "reader", "migrate") ends up in PostgreSQL's application_name.
    Result<QSqlDatabase> openConnection(const QString &connectionName, const QString &role) const;
    // Closes and unregisters a connection opened by openConnection; no QSqlDatabase handle to it
    // may be alive any more.
    static void closeConnection(const QString &connectionName);

    // Starts a write transaction.
    virtual QString beginWriteSql() const = 0;
    // Starts a read transaction that sees one consistent snapshot.
    virtual QString beginReadSql() const = 0;
    // Executed right after beginWriteSql() by the migrator, to serialise concurrent start-ups.
    virtual QString migrationLockSql() const { return {}; }
    // Replaces the type placeholders of a DDL statement: {json} {bigint} {serial_pk}.
    virtual QString ddl(QString sql) const = 0;
    // How many rows one multi-row INSERT carries (round trips matter more on PostgreSQL).
    virtual int rowsPerStatement() const = 0;
    // `expression` (of a text column) as compared and sorted by its UTF-8 bytes, an order every
    // backend agrees on (SQLite's default collation, PostgreSQL's "C"; not the locale's).
    virtual QString inByteOrder(const QString &expression) const { return expression; }
    // A statement that moves the sequence of the {serial_pk} `column` of `table` past the highest
    // value present (after rows were inserted with explicit values); empty where the database
    // needs none (SQLite takes max + 1 by itself).
    virtual QString resetSerialSql(const QString &table, const QString &column) const { return {}; }

    // Whether adaptText() changes anything (lets the writer skip the scan).
    virtual bool adaptsText() const { return false; }
    // Makes a value acceptable to the database. PostgreSQL refuses NUL characters in text and the
    // \u0000 escape in JSONB; they become U+FFFD instead of failing the whole batch forever.
    virtual void adaptText(QString &text, bool isJson) const {}

    // True if the connection still answers (used to decide whether to reconnect after an error).
    bool ping(QSqlDatabase &db) const;

    // An Error with the driver's message, `context` first, and the password masked.
    Error sqlError(const QString &context, const QSqlError &error) const;
    Error queryError(const QString &context, const QSqlQuery &query) const;
    // Prepares `sql` on `db`, binds `binds` in order and runs it: the rows affected, or the
    // driver's error with `what` first.
    Result<int> execute(QSqlDatabase &db, const QString &sql, const QVariantList &binds, const QString &what) const;
    const StoreUrl &url() const { return m_url; }

protected:
    virtual QString driverName() const = 0;
    virtual void configure(QSqlDatabase &db, const QString &role) const = 0;
    virtual Result<void> afterOpen(QSqlDatabase &db) const = 0;

private:
    StoreUrl m_url;
};

} // namespace orrery
