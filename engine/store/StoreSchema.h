#pragma once

#include "core/Result.h"
#include "store/Migrations.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace orrery {

// What a column holds, whatever the backend calls it: TEXT; INTEGER, {bigint} and {serial_pk}
// (SQLite INTEGER, PostgreSQL integer/bigint/bigserial); {json} (SQLite TEXT, PostgreSQL JSONB).
enum class ColumnKind { Text, Integer, Json };

struct TableColumn
{
    QString name;
    ColumnKind kind = ColumnKind::Text;
    bool serial = false; // a {serial_pk}: PostgreSQL numbers it from a sequence
};

struct StoreTable
{
    QString name;
    QList<TableColumn> columns; // in the order the migrations create them
    QStringList primaryKey;     // every table has one; rows are read in its order

    QStringList columnNames() const;
    QStringList jsonColumns() const;
    QList<ColumnKind> kinds() const;
    // Whether this is the migrations' bookkeeping (schema_version) rather than data of the engine.
    bool isBookkeeping() const;
};

// The tables of the store as the migrations create them: names, columns with their kind, primary
// keys. Derived by applying the migrations to a scratch in-memory SQLite database in which the
// type placeholders keep their names, so a new migration is described without further code; a
// column type this code does not know is an error rather than a guess.
class StoreSchema
{
public:
    static Result<QList<StoreTable>> tables(const std::vector<Migration> &migrations = Migrations::all());
};

} // namespace orrery
