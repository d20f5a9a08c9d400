#pragma once

#include "store/NativeStatement.h"

#include <QByteArray>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace orrery {

// NativeStatement on SQLite: sqlite3_prepare_v3 once (persistent), then bind, step, reset.
class SqliteStatement final : public NativeStatement
{
public:
    static std::unique_ptr<NativeStatement> prepare(sqlite3 *db, const QString &sql, int parameters,
                                                    const SqlBackend &backend, Error *error);
    ~SqliteStatement() override;

    Result<void> exec(const QVariantList &values) override;
    void finalize() override;

private:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *stmt, int parameters, const SqlBackend &backend);
    Error error(const QString &context) const;

    sqlite3 *m_db;
    sqlite3_stmt *m_stmt;
    int m_parameters;
    const SqlBackend &m_backend;
    std::vector<QByteArray> m_text; // UTF-8 of the text parameters, alive during the step
};

} // namespace orrery
