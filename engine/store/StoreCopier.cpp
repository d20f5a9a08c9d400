#include "store/StoreCopier.h"

#include "store/Migrations.h"
#include "store/RowChecksum.h"
#include "store/RowStatement.h"
#include "store/SqlBackend.h"
#include "store/TableScan.h"

#include <QFileInfo>
#include <QSqlQuery>

namespace orrery {

namespace {

Error withContext(const QString &context, Error e)
{
    e.message = context + QStringLiteral(": ") + e.message;
    return e;
}

Result<void> exec(QSqlDatabase &db, const SqlBackend &backend, const QString &sql, const QString &what)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return backend.queryError(what, q);
    return {};
}

Result<qint64> countRows(QSqlDatabase &db, const SqlBackend &backend, const QString &table)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !q.next())
        return backend.queryError(QStringLiteral("cannot count the rows of table %1 in %2").arg(table, backend.url().masked()), q);
    return q.value(0).toLongLong();
}

// "key" or "name/version" of a row, for messages.
QString keyOf(const StoreTable &table, const QVariantList &row)
{
    const QStringList columns = table.columnNames();
    QStringList parts;
    for (const QString &key : table.primaryKey)
        parts << row.value(columns.indexOf(key)).toString();
    return QLatin1Char('\'') + parts.join(QLatin1Char('/')) + QLatin1Char('\'');
}

bool sameDatabase(const StoreUrl &a, const StoreUrl &b)
{
    if (a.backend != b.backend)
        return false;
    if (a.backend == StoreUrl::Backend::Sqlite) {
        // canonicalFilePath() resolves links, and is empty for a file that does not exist yet.
        const QString canonical = QFileInfo(a.path).canonicalFilePath();
        return a.path == b.path || (!canonical.isEmpty() && canonical == QFileInfo(b.path).canonicalFilePath());
    }
    return a.host.compare(b.host, Qt::CaseInsensitive) == 0 && a.port == b.port && a.database == b.database;
}

} // namespace

StoreCopier::StoreCopier(StoreUrl source, StoreUrl target, StoreCopyOptions options)
    : m_source(std::move(source)), m_target(std::move(target)), m_options(std::move(options))
{
    m_sourceConnection = QStringLiteral("orrery-copy-source-%1").arg(quintptr(this), 0, 16);
    m_targetConnection = QStringLiteral("orrery-copy-target-%1").arg(quintptr(this), 0, 16);
}

StoreCopier::~StoreCopier()
{
    closeConnections();
}

Result<StoreCopyReport> StoreCopier::run()
{
    if (Result<void> r = checkLocations(); !r)
        return r.error();
    Result<QList<StoreTable>> tables = StoreSchema::tables();
    if (!tables)
        return tables.error();
    Result<StoreCopyReport> report = copyAll(tables.value());
    closeConnections();
    return report;
}

Result<void> StoreCopier::checkLocations() const
{
    if (sameDatabase(m_source, m_target))
        return Error::invalid(QStringLiteral("the source and the target are the same store (%1)").arg(m_source.masked()));
    if (m_source.backend == StoreUrl::Backend::Sqlite && !QFileInfo(m_source.path).isFile())
        return Error::notFound(QStringLiteral("source store %1 does not exist").arg(m_source.masked()));
    return {};
}

Result<int> StoreCopier::openAndMigrate()
{
    const qint64 now = (m_options.clock ? m_options.clock : SystemClock::instance())->nowMs();
    m_sourceBackend = SqlBackend::create(m_source);
    m_targetBackend = SqlBackend::create(m_target);
    Result<QSqlDatabase> source = m_sourceBackend->openConnection(m_sourceConnection, QStringLiteral("copy-source"));
    if (!source)
        return withContext(QStringLiteral("source store"), source.error());
    m_sourceDb = source.value();
    // The source first: a source this build cannot read must not leave a new, empty target behind.
    Result<int> sourceVersion = Migrations::apply(m_sourceDb, *m_sourceBackend, now);
    if (!sourceVersion)
        return withContext(QStringLiteral("source store"), sourceVersion.error());
    Result<QSqlDatabase> target = m_targetBackend->openConnection(m_targetConnection, QStringLiteral("copy-target"));
    if (!target)
        return withContext(QStringLiteral("target store"), target.error());
    m_targetDb = target.value();
    Result<int> targetVersion = Migrations::apply(m_targetDb, *m_targetBackend, now);
    if (!targetVersion)
        return withContext(QStringLiteral("target store"), targetVersion.error());
    return sourceVersion.value();
}

Result<StoreCopyReport> StoreCopier::copyAll(const QList<StoreTable> &tables)
{
    Result<int> version = openAndMigrate();
    if (!version)
        return version.error();
    if (Result<void> r = exec(m_sourceDb, *m_sourceBackend, m_sourceBackend->beginReadSql(),
                              QStringLiteral("cannot start reading %1").arg(m_source.masked()));
        !r)
        return r.error();
    // The source is only read: ending its snapshot has nothing to keep.
    auto finishSource = [this] { (void)exec(m_sourceDb, *m_sourceBackend, QStringLiteral("ROLLBACK"), {}); };
    if (Result<void> r = exec(m_targetDb, *m_targetBackend, m_targetBackend->beginWriteSql(),
                              QStringLiteral("cannot start the copy's transaction on %1").arg(m_target.masked()));
        !r) {
        finishSource();
        return r.error();
    }
    auto fail = [&](const Error &e) -> Result<StoreCopyReport> {
        (void)exec(m_targetDb, *m_targetBackend, QStringLiteral("ROLLBACK"), {});
        finishSource();
        return e;
    };
    // Serialises against an orreryd starting on the target meanwhile (it migrates under this lock).
    if (const QString lock = m_targetBackend->migrationLockSql(); !lock.isEmpty()) {
        if (Result<void> r = exec(m_targetDb, *m_targetBackend, lock, QStringLiteral("cannot lock %1").arg(m_target.masked())); !r)
            return fail(r.error());
    }

    StoreCopyReport report;
    report.schemaVersion = version.value();
    Result<qint64> replaced = emptyTarget(tables);
    if (!replaced)
        return fail(replaced.error());
    report.replacedRows = replaced.value();
    for (const StoreTable &table : tables) {
        Result<TableCopyResult> copied = copyTable(table);
        if (!copied)
            return fail(copied.error());
        report.tables << copied.value();
    }
    QStringList mismatches;
    for (qsizetype i = 0; i < tables.size(); ++i) {
        TableCopyResult &result = report.tables[i];
        if (Result<void> r = verifyTable(tables.at(i), result); !r)
            return fail(r.error());
        if (!result.matches())
            mismatches << QStringLiteral("table %1: source %2 rows, checksum %3; target %4 rows, checksum %5")
                              .arg(result.table)
                              .arg(result.sourceRows)
                              .arg(QString::fromLatin1(result.sourceChecksum.left(16)))
                              .arg(result.targetRows)
                              .arg(QString::fromLatin1(result.targetChecksum.left(16)));
    }
    if (!mismatches.isEmpty())
        return fail(Error::internal(QStringLiteral("verification of the copy to %1 failed, nothing was written (rolled back): %2")
                                        .arg(m_target.masked(), mismatches.join(QLatin1String("; ")))));
    if (Result<void> r = resetSequences(tables); !r)
        return fail(r.error());
    if (Result<void> r = exec(m_targetDb, *m_targetBackend, QStringLiteral("COMMIT"),
                              QStringLiteral("cannot commit the copy to %1").arg(m_target.masked()));
        !r)
        return fail(r.error());
    finishSource();
    return report;
}

Result<qint64> StoreCopier::emptyTarget(const QList<StoreTable> &tables)
{
    qint64 rows = 0;
    QStringList held;
    for (const StoreTable &table : tables) {
        Result<qint64> n = countRows(m_targetDb, *m_targetBackend, table.name);
        if (!n)
            return n.error();
        if (n.value() > 0 && !table.isBookkeeping()) {
            rows += n.value();
            held << QStringLiteral("%1: %2").arg(table.name).arg(n.value());
        }
    }
    if (rows > 0 && !m_options.replaceTarget)
        return Error::conflict(QStringLiteral("target store %1 is not empty (%2 rows; %3); nothing was copied")
                                   .arg(m_target.masked())
                                   .arg(rows)
                                   .arg(held.join(QLatin1String(", "))));
    // schema_version too: the source's rows (same versions, its history) replace the target's.
    for (const StoreTable &table : tables) {
        if (Result<void> r = exec(m_targetDb, *m_targetBackend, QStringLiteral("DELETE FROM %1").arg(table.name),
                                  QStringLiteral("cannot empty table %1 of %2").arg(table.name, m_target.masked()));
            !r)
            return r.error();
    }
    return rows;
}

Result<TableCopyResult> StoreCopier::copyTable(const StoreTable &table)
{
    Result<qint64> total = countRows(m_sourceDb, *m_sourceBackend, table.name);
    if (!total)
        return total.error();
    TableScan scan(m_sourceDb, *m_sourceBackend, table, m_options.pageRows);
    RowChecksum checksum(table.kinds(), m_targetBackend.get());
    RowStatement insert(table.name, table.columnNames(), {}, table.jsonColumns());
    if (Result<void> r = insert.prepare(m_targetDb, *m_targetBackend); !r)
        return r.error();
    insert.startBatch();
    if (m_options.progress)
        m_options.progress(table.name, 0, total.value());
    qint64 copied = 0;
    for (;;) {
        Result<QList<QVariantList>> page = scan.next();
        if (!page)
            return page.error();
        if (page->isEmpty())
            break;
        Result<void> written;
        for (const QVariantList &row : page.value()) {
            checksum.add(row);
            written = insert.add(row);
            if (!written)
                break;
        }
        if (written)
            written = insert.finish();
        if (!written)
            return withContext(QStringLiteral("copying table %1 failed in rows %2-%3 (keys %4 to %5), nothing was written "
                                              "(rolled back)")
                                   .arg(table.name)
                                   .arg(copied + 1)
                                   .arg(copied + page->size())
                                   .arg(keyOf(table, page->first()), keyOf(table, page->last())),
                               written.error());
        copied += page->size();
        if (m_options.progress)
            m_options.progress(table.name, copied, total.value());
    }
    TableCopyResult result;
    result.table = table.name;
    result.sourceRows = checksum.rows();
    result.sourceChecksum = checksum.hex();
    return result;
}

Result<void> StoreCopier::verifyTable(const StoreTable &table, TableCopyResult &result)
{
    TableScan scan(m_targetDb, *m_targetBackend, table, m_options.pageRows);
    RowChecksum checksum(table.kinds(), m_targetBackend.get());
    for (;;) {
        Result<QList<QVariantList>> page = scan.next();
        if (!page)
            return withContext(QStringLiteral("verifying table %1").arg(table.name), page.error());
        if (page->isEmpty())
            break;
        for (const QVariantList &row : page.value())
            checksum.add(row);
    }
    result.targetRows = checksum.rows();
    result.targetChecksum = checksum.hex();
    return {};
}

Result<void> StoreCopier::resetSequences(const QList<StoreTable> &tables)
{
    for (const StoreTable &table : tables) {
        for (const TableColumn &column : table.columns) {
            const QString sql = column.serial ? m_targetBackend->resetSerialSql(table.name, column.name) : QString();
            if (sql.isEmpty())
                continue;
            if (Result<void> r = exec(m_targetDb, *m_targetBackend, sql,
                                      QStringLiteral("cannot move the sequence of %1.%2 past the copied rows")
                                          .arg(table.name, column.name));
                !r)
                return r;
        }
    }
    return {};
}

void StoreCopier::closeConnections()
{
    if (m_sourceDb.isValid()) {
        m_sourceDb = QSqlDatabase();
        SqlBackend::closeConnection(m_sourceConnection);
    }
    if (m_targetDb.isValid()) {
        m_targetDb = QSqlDatabase();
        SqlBackend::closeConnection(m_targetConnection);
    }
}

} // namespace orrery
