#pragma once

#include "core/Result.h"
#include "store/NativeStatement.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QVariantList>
#include <memory>
#include <vector>

namespace orrery {

class SqlBackend;

// A prepared multi-row INSERT (optionally an upsert: ON CONFLICT (keys) DO UPDATE SET the other
// columns) that buffers rows and sends them N at a time. Statements for N, N/2, N/4, ..., 1 rows
// are prepared once per connection, so a batch of any size takes at most log2(N)+1 extra round trips.
// Rows of one batch must have distinct keys (PendingBatch guarantees it).
class RowStatement
{
public:
    // `jsonColumns` hold JSON text (the backend may need to adapt it, see SqlBackend::adaptText).
    RowStatement(QString table, QStringList columns, QStringList conflictKeys, QStringList jsonColumns);

    // With `native`, the statements run through the database's C API where the driver has one
    // (NativeStatement: the writer's hot path), else through QSqlQuery. With a `transaction` too
    // (the writer's, on PostgreSQL a pipeline), rows sent while it is open are queued there and
    // their errors come from its commit().
    Result<void> prepare(QSqlDatabase &db, const SqlBackend &backend, bool native = false,
                         NativeTransaction *transaction = nullptr);
    void reset(); // forgets the prepared statements (before the connection is closed)
    // Releases native statements; call before the connection closes (SQLite refuses to close a
    // connection with statements left).
    void finalizeNative();

    // Buffers a row (one value per column); sends the buffer when it holds a full statement.
    Result<void> add(QVariantList row);
    // Sends the rows still buffered.
    Result<void> finish();

    QString sql(int rows) const;
    int rowsWritten() const { return m_rowsWritten; }
    // Forgets buffered rows and the row counter (start of a transaction).
    void startBatch()
    {
        m_buffer.clear();
        m_bufferedRows = 0;
        m_rowsWritten = 0;
    }

private:
    Result<void> send(int statementIndex, int rows);
    // What a statement of `rows` buffered rows writes, for its error: the table, which rows of the
    // batch and the keys of the first and last.
    QString describe(int rows) const;

    QString m_table;
    QStringList m_columns;
    QStringList m_keys;
    std::vector<bool> m_isJson; // per column
    int m_keyColumn = -1;       // the first conflict key's column, named in errors
    const SqlBackend *m_backend = nullptr;
    std::vector<QSqlQuery> m_statements; // [0] holds the most rows
    std::vector<std::unique_ptr<NativeStatement>> m_native; // the same, natively (or empty)
    std::vector<int> m_rowsPer;
    QVariantList m_buffer;
    int m_bufferedRows = 0;
    int m_rowsWritten = 0;
};

} // namespace orrery
