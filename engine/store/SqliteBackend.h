#pragma once

#include "store/SqlBackend.h"

namespace orrery {

// SQLite 3 (QSQLITE): WAL journal, synchronous=NORMAL, 5 s busy timeout. One writer connection,
// any number of reader connections (WAL lets them read while the writer commits).
class SqliteBackend final : public SqlBackend
{
public:
    explicit SqliteBackend(StoreUrl url);

    QString name() const override { return QStringLiteral("sqlite"); }
    QString beginWriteSql() const override { return QStringLiteral("BEGIN IMMEDIATE"); }
    QString beginReadSql() const override { return QStringLiteral("BEGIN"); }
    QString ddl(QString sql) const override;
    int rowsPerStatement() const override { return 32; }

protected:
    QString driverName() const override { return QStringLiteral("QSQLITE"); }
    void configure(QSqlDatabase &db, const QString &role) const override;
    Result<void> afterOpen(QSqlDatabase &db) const override;
};

} // namespace orrery
