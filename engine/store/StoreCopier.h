#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "store/StoreSchema.h"
#include "store/StoreUrl.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>

namespace orrery {

class SqlBackend;

struct StoreCopyOptions
{
    // false: a target with any row in a data table (any table but schema_version) is refused.
    // true: the target's rows are deleted first, inside the copy's transaction.
    bool replaceTarget = false;
    int pageRows = 500; // rows read, written and verified per step (memory stays bounded)
    // After each page: the table, rows copied so far, rows the source table holds.
    std::function<void(const QString &table, qint64 copied, qint64 total)> progress;
    // When the migrations were applied (schema_version.applied_time); nullptr = SystemClock.
    const Clock *clock = nullptr;
};

struct TableCopyResult
{
    QString table;
    qint64 sourceRows = 0;
    qint64 targetRows = 0;
    QByteArray sourceChecksum; // SHA-256, hex (RowChecksum)
    QByteArray targetChecksum;

    bool matches() const { return sourceRows == targetRows && sourceChecksum == targetChecksum; }
};

struct StoreCopyReport
{
    int schemaVersion = 0;
    qint64 replacedRows = 0; // data rows the target held before (replaceTarget)
    QList<TableCopyResult> tables;
};

// Copies every table of an Orrery store (StoreSchema: what the migrations create, schema_version
// included) from one database to another, in any direction between SQLite and PostgreSQL:
// 1. brings both to this build's schema with the normal migrations (refusing a newer one; this
//    step is committed on its own, as orreryd's start-up would do it);
// 2. reads the source in one snapshot (a read transaction) and writes the target in ONE
//    transaction, page by page with prepared multi-row INSERTs;
// 3. verifies row counts and SHA-256 checksums of canonically rendered rows on both sides, the
//    target's read back inside its transaction; then moves PostgreSQL sequences of {serial_pk}
//    columns past the copied ids and commits.
// Any failure (a refused row, a mismatch, a lost connection) rolls the target's transaction back:
// its rows stay as they were. Messages name the table and never contain a password.
class StoreCopier
{
public:
    StoreCopier(StoreUrl source, StoreUrl target, StoreCopyOptions options = {});
    ~StoreCopier();
    StoreCopier(const StoreCopier &) = delete;
    StoreCopier &operator=(const StoreCopier &) = delete;

    // Opens both stores on the calling thread, copies, verifies, closes them again.
    Result<StoreCopyReport> run();

private:
    Result<void> checkLocations() const;
    Result<int> openAndMigrate();
    Result<StoreCopyReport> copyAll(const QList<StoreTable> &tables);
    Result<qint64> emptyTarget(const QList<StoreTable> &tables);
    Result<TableCopyResult> copyTable(const StoreTable &table);
    Result<void> verifyTable(const StoreTable &table, TableCopyResult &result);
    Result<void> resetSequences(const QList<StoreTable> &tables);
    void closeConnections();

    StoreUrl m_source;
    StoreUrl m_target;
    StoreCopyOptions m_options;
    std::unique_ptr<SqlBackend> m_sourceBackend;
    std::unique_ptr<SqlBackend> m_targetBackend;
    QString m_sourceConnection;
    QString m_targetConnection;
    QSqlDatabase m_sourceDb;
    QSqlDatabase m_targetDb;
};

} // namespace orrery
