#include "store/RowStatement.h"

#include "store/SqlBackend.h"

namespace orrery {

RowStatement::RowStatement(QString table, QStringList columns, QStringList conflictKeys, QStringList jsonColumns)
    : m_table(std::move(table)), m_columns(std::move(columns)), m_keys(std::move(conflictKeys))
{
    for (const QString &c : std::as_const(m_columns))
        m_isJson.push_back(jsonColumns.contains(c));
    if (!m_keys.isEmpty())
        m_keyColumn = int(m_columns.indexOf(m_keys.first()));
}

QString RowStatement::describe(int rows) const
{
    QString text = QStringLiteral("cannot write %1 row(s) to %2 (rows %3-%4 of this batch")
                       .arg(rows)
                       .arg(m_table)
                       .arg(m_rowsWritten + 1)
                       .arg(m_rowsWritten + rows);
    const qsizetype columns = m_columns.size();
    if (m_keyColumn >= 0 && rows > 0 && m_buffer.size() >= rows * columns) {
        const QString first = m_buffer.at(m_keyColumn).toString();
        const QString last = m_buffer.at((rows - 1) * columns + m_keyColumn).toString();
        text += rows == 1 ? QStringLiteral(", %1 '%2'").arg(m_keys.first(), first)
                          : QStringLiteral(", %1 '%2' ... '%3'").arg(m_keys.first(), first, last);
    }
    return text + QLatin1Char(')');
}

QString RowStatement::sql(int rows) const
{
    QString one = QStringLiteral("(?");
    for (int i = 1; i < m_columns.size(); ++i)
        one += QStringLiteral(",?");
    one += QLatin1Char(')');
    QStringList values;
    values.reserve(rows);
    for (int i = 0; i < rows; ++i)
        values << one;
    QString sql = QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
                      .arg(m_table, m_columns.join(QLatin1Char(',')), values.join(QLatin1Char(',')));
    if (!m_keys.isEmpty()) {
        QStringList sets;
        for (const QString &c : m_columns)
            if (!m_keys.contains(c))
                sets << QStringLiteral("%1=excluded.%1").arg(c);
        sql += QStringLiteral(" ON CONFLICT (%1) DO UPDATE SET %2").arg(m_keys.join(QLatin1Char(',')), sets.join(QLatin1Char(',')));
    }
    return sql;
}

Result<void> RowStatement::prepare(QSqlDatabase &db, const SqlBackend &backend, bool native,
                                   NativeTransaction *transaction)
{
    reset();
    m_backend = &backend;
    for (int rows = backend.rowsPerStatement(); rows >= 1; rows /= 2) {
        if (native) {
            Error error;
            std::unique_ptr<NativeStatement> s = NativeStatement::prepare(db, sql(rows), rows * int(m_columns.size()), backend, &error,
                                                                                transaction);
            if (s) {
                m_native.push_back(std::move(s));
                m_rowsPer.push_back(rows);
                continue;
            }
            if (!error.message.isEmpty()) {
                reset();
                return Error::internal(QStringLiteral("cannot prepare the write statement for %1: %2").arg(m_table, error.message));
            }
            native = false; // this driver has no native path
            if (!m_native.empty()) {
                reset();
                return Error::internal(QStringLiteral("the connection lost its native handle while preparing %1").arg(m_table));
            }
        }
        QSqlQuery q(db);
        if (!q.prepare(sql(rows)))
            return backend.queryError(QStringLiteral("cannot prepare the write statement for %1").arg(m_table), q);
        m_statements.push_back(std::move(q));
        m_rowsPer.push_back(rows);
    }
    m_buffer.reserve(m_rowsPer.front() * m_columns.size());
    return {};
}

void RowStatement::finalizeNative()
{
    for (auto &s : m_native)
        s->finalize();
}

void RowStatement::reset()
{
    finalizeNative();
    m_native.clear();
    m_statements.clear();
    m_rowsPer.clear();
    m_buffer.clear();
    m_bufferedRows = 0;
}

Result<void> RowStatement::add(QVariantList row)
{
    Q_ASSERT(row.size() == m_columns.size());
    if (m_backend->adaptsText()) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (row[i].typeId() == QMetaType::QString) {
                QString text = row[i].toString();
                m_backend->adaptText(text, m_isJson[size_t(i)]);
                row[i] = std::move(text);
            }
        }
    }
    m_buffer.append(std::move(row));
    if (++m_bufferedRows == m_rowsPer.front())
        return send(0, m_bufferedRows);
    return {};
}

Result<void> RowStatement::finish()
{
    // Sends the remainder as a sum of powers of two: e.g. 23 rows = 16 + 4 + 2 + 1.
    int offset = 0;
    const int total = m_bufferedRows;
    QVariantList all = std::exchange(m_buffer, {});
    m_bufferedRows = 0;
    for (size_t i = 0; i < m_rowsPer.size() && offset < total; ++i) {
        while (total - offset >= m_rowsPer[i]) {
            const int rows = m_rowsPer[i];
            m_buffer = all.mid(offset * m_columns.size(), rows * m_columns.size());
            if (Result<void> r = send(int(i), rows); !r) {
                m_buffer.clear();
                return r;
            }
            offset += rows;
        }
    }
    m_buffer.clear();
    m_buffer.reserve(m_rowsPer.empty() ? 0 : m_rowsPer.front() * m_columns.size());
    return {};
}

Result<void> RowStatement::send(int statementIndex, int rows)
{
    if (!m_native.empty()) {
        Result<void> r = m_native[size_t(statementIndex)]->send(m_buffer, describe(rows));
        m_buffer.clear();
        m_bufferedRows = 0;
        if (!r)
            return r;
        m_rowsWritten += rows;
        return {};
    }
    QSqlQuery &q = m_statements[size_t(statementIndex)];
    for (int i = 0; i < m_buffer.size(); ++i)
        q.bindValue(i, m_buffer.at(i));
    const bool ok = q.exec();
    m_buffer.clear();
    m_bufferedRows = 0;
    if (!ok)
        return m_backend->queryError(QStringLiteral("cannot write %1 row(s) to %2").arg(rows).arg(m_table), q);
    m_rowsWritten += rows;
    return {};
}

} // namespace orrery
