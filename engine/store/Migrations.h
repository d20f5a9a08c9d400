#pragma once

#include "core/Result.h"

#include <QSqlDatabase>
#include <QStringList>
#include <vector>

namespace orrery {

class SqlBackend;

// One schema step. Statements use the backend's type placeholders ({json}, {bigint}, {serial_pk}).
// Released migrations are never edited: a schema change appends a new version.
struct Migration
{
    int version = 0;
    QString description;
    QStringList statements;
};

// Per-module schema steps (each defined in its own MigrationsX.cpp).
std::vector<Migration> dlqMigrations();
std::vector<Migration> schedulerMigrations();
std::vector<Migration> apiMigrations();

// The versioned schema of the store and the code that brings a database up to it.
class Migrations
{
public:
    // Every migration this build knows, in ascending version order (1, 2, 3, ... without gaps).
    static const std::vector<Migration> &all();
    static int latestVersion();

    // Applies the missing migrations inside one transaction (serialised against concurrent
    // start-ups) and returns the resulting version. Refuses a database whose schema is newer
    // than this build knows. `nowMs` is recorded as the time each migration was applied.
    static Result<int> apply(QSqlDatabase &db, const SqlBackend &backend, qint64 nowMs);
    // Same, with an explicit migration list (tests).
    static Result<int> apply(QSqlDatabase &db, const SqlBackend &backend, qint64 nowMs,
                             const std::vector<Migration> &migrations);
};

} // namespace orrery
