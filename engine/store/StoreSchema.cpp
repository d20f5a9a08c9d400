#include "store/StoreSchema.h"

#include "store/SqlBackend.h"

#include <QMap>
#include <QSqlQuery>

namespace orrery {

namespace {

StoreUrl scratchUrl()
{
    StoreUrl url;
    url.path = QStringLiteral(":memory:");
    return url;
}

// An in-memory SQLite database whose DDL keeps the placeholders' meaning in the declared types.
class CatalogueBackend final : public SqlBackend
{
public:
    CatalogueBackend() : SqlBackend(scratchUrl()) {}

    QString name() const override { return QStringLiteral("schema catalogue"); }
    QString beginWriteSql() const override { return QStringLiteral("BEGIN"); }
    QString beginReadSql() const override { return QStringLiteral("BEGIN"); }
    QString ddl(QString sql) const override
    {
        sql.replace(QLatin1String("{json}"), QLatin1String("JSON"));
        sql.replace(QLatin1String("{bigint}"), QLatin1String("BIGINT"));
        sql.replace(QLatin1String("{serial_pk}"), QLatin1String("SERIAL PRIMARY KEY"));
        return sql;
    }
    int rowsPerStatement() const override { return 1; }

protected:
    QString driverName() const override { return QStringLiteral("QSQLITE"); }
    void configure(QSqlDatabase &db, const QString &) const override { db.setDatabaseName(url().path); }
    Result<void> afterOpen(QSqlDatabase &) const override { return {}; }
};

Result<TableColumn> column(const QString &table, const QString &name, const QString &declared)
{
    const QString type = declared.toUpper();
    if (type == QLatin1String("TEXT"))
        return TableColumn{name, ColumnKind::Text, false};
    if (type == QLatin1String("INTEGER") || type == QLatin1String("BIGINT"))
        return TableColumn{name, ColumnKind::Integer, false};
    if (type == QLatin1String("SERIAL"))
        return TableColumn{name, ColumnKind::Integer, true};
    if (type == QLatin1String("JSON"))
        return TableColumn{name, ColumnKind::Json, false};
    return Error::internal(QStringLiteral("column %1.%2 has the type '%3', which the store copier does not know; "
                                          "describe it in engine/store/StoreSchema.cpp")
                               .arg(table, name, declared));
}

Result<QList<StoreTable>> readCatalogue(QSqlDatabase &db, const SqlBackend &backend)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")))
        return backend.queryError(QStringLiteral("cannot list the tables of the schema catalogue"), q);
    QStringList names;
    while (q.next())
        names << q.value(0).toString();
    q.finish();
    QList<StoreTable> tables;
    for (const QString &name : std::as_const(names)) {
        StoreTable table{name, {}, {}};
        QMap<int, QString> keys; // position in the primary key -> column
        if (!q.exec(QStringLiteral("PRAGMA table_info(\"%1\")").arg(name)))
            return backend.queryError(QStringLiteral("cannot describe table %1").arg(name), q);
        while (q.next()) {
            Result<TableColumn> c = column(name, q.value(1).toString(), q.value(2).toString());
            if (!c)
                return c.error();
            table.columns << c.value();
            if (const int pk = q.value(5).toInt(); pk > 0)
                keys.insert(pk, c->name);
        }
        q.finish();
        if (keys.isEmpty())
            return Error::internal(QStringLiteral("table %1 has no primary key; the store copier reads every table in "
                                                  "primary-key order").arg(name));
        table.primaryKey = keys.values();
        tables << table;
    }
    return tables;
}

} // namespace

QStringList StoreTable::columnNames() const
{
    QStringList names;
    for (const TableColumn &c : columns)
        names << c.name;
    return names;
}

QStringList StoreTable::jsonColumns() const
{
    QStringList names;
    for (const TableColumn &c : columns)
        if (c.kind == ColumnKind::Json)
            names << c.name;
    return names;
}

QList<ColumnKind> StoreTable::kinds() const
{
    QList<ColumnKind> list;
    for (const TableColumn &c : columns)
        list << c.kind;
    return list;
}

bool StoreTable::isBookkeeping() const
{
    return name == QLatin1String("schema_version");
}

Result<QList<StoreTable>> StoreSchema::tables(const std::vector<Migration> &migrations)
{
    const CatalogueBackend backend;
    const QString connection = QStringLiteral("orrery-store-schema-%1").arg(quintptr(&backend), 0, 16);
    Result<QList<StoreTable>> result = Error::internal(QString());
    {
        Result<QSqlDatabase> db = backend.openConnection(connection, QStringLiteral("schema"));
        if (!db)
            return db.error();
        if (Result<int> applied = Migrations::apply(db.value(), backend, 0, migrations); !applied)
            result = applied.error();
        else
            result = readCatalogue(db.value(), backend);
    }
    SqlBackend::closeConnection(connection);
    return result;
}

} // namespace orrery
