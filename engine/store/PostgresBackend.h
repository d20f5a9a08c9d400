#pragma once

#include "store/SqlBackend.h"

namespace orrery {

// PostgreSQL (QPSQL). JSON columns are JSONB (written and read as text). Concurrent start-ups
// serialise their migrations on a transaction-scoped advisory lock.
class PostgresBackend final : public SqlBackend
{
public:
    explicit PostgresBackend(StoreUrl url);

    QString name() const override { return QStringLiteral("postgresql"); }
    QString beginWriteSql() const override { return QStringLiteral("BEGIN"); }
    QString beginReadSql() const override { return QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
    QString migrationLockSql() const override;
    QString ddl(QString sql) const override;
    int rowsPerStatement() const override { return 64; }
    QString inByteOrder(const QString &expression) const override { return expression + QStringLiteral(" COLLATE \"C\""); }
    QString resetSerialSql(const QString &table, const QString &column) const override;
    bool adaptsText() const override { return true; }
    void adaptText(QString &text, bool isJson) const override;

protected:
    QString driverName() const override { return QStringLiteral("QPSQL"); }
    void configure(QSqlDatabase &db, const QString &role) const override;
    Result<void> afterOpen(QSqlDatabase &db) const override;
};

} // namespace orrery
