#include "store/SqliteBackup.h"

#include "store/SqlBackend.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryFile>

#include <fcntl.h>
#include <unistd.h>

namespace orrery {

namespace {

Error queryFailed(const QString &what, const QSqlQuery &q)
{
    return Error::internal(QStringLiteral("%1: %2").arg(what, q.lastError().text().trimmed()));
}

// VACUUM INTO from a connection of the store's own kind (WAL, busy timeout).
Result<void> vacuumInto(const StoreUrl &source, const QString &file)
{
    const std::unique_ptr<SqlBackend> backend = SqlBackend::create(source);
    const QString connection = QStringLiteral("orrery-backup-source-%1").arg(quintptr(&file), 0, 16);
    Result<void> result;
    {
        Result<QSqlDatabase> db = backend->openConnection(connection, QStringLiteral("backup"));
        if (!db)
            return db.error();
        QSqlQuery q(db.value());
        if (!q.prepare(QStringLiteral("VACUUM INTO ?")))
            result = backend->queryError(QStringLiteral("cannot prepare the backup of %1").arg(source.path), q);
        q.addBindValue(file);
        if (result && !q.exec())
            result = backend->queryError(QStringLiteral("cannot copy %1").arg(source.path), q);
    }
    SqlBackend::closeConnection(connection);
    return result;
}

// Makes the copy a self-contained file, checks it and counts its rows.
Result<SqliteBackupReport> inspect(const QString &file, const QString &sourcePath)
{
    const QString connection = QStringLiteral("orrery-backup-copy-%1").arg(quintptr(&file), 0, 16);
    Result<SqliteBackupReport> result = Error::internal(QString());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(file);
        result = [&]() -> Result<SqliteBackupReport> {
            if (!db.open())
                return Error::internal(QStringLiteral("cannot open the copy %1: %2").arg(file, db.lastError().text()));
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("PRAGMA journal_mode=DELETE")))
                return queryFailed(QStringLiteral("cannot switch the copy %1 to a rollback journal").arg(file), q);
            q.finish();
            if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
                return queryFailed(QStringLiteral("cannot check the copy %1").arg(file), q);
            QStringList problems;
            while (q.next())
                problems << q.value(0).toString();
            q.finish();
            if (problems != QStringList{QStringLiteral("ok")})
                return Error::internal(QStringLiteral("the copy of %1 fails PRAGMA integrity_check: %2")
                                           .arg(sourcePath, problems.mid(0, 5).join(QLatin1String("; "))));
            SqliteBackupReport report;
            if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !q.next())
                return Error::invalid(QStringLiteral("%1 is not an Orrery store (it has no schema_version table)").arg(sourcePath));
            report.schemaVersion = q.value(0).toInt();
            q.finish();
            if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")))
                return queryFailed(QStringLiteral("cannot list the tables of the copy %1").arg(file), q);
            QStringList tables;
            while (q.next())
                tables << q.value(0).toString();
            q.finish();
            for (const QString &table : std::as_const(tables)) {
                if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM \"%1\"").arg(table)) || !q.next())
                    return queryFailed(QStringLiteral("cannot count the rows of %1 in the copy %2").arg(table, file), q);
                report.rowCounts.append({table, q.value(0).toLongLong()});
                q.finish();
            }
            return report;
        }();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return result;
}

// fsync(2): VACUUM INTO does not sync its output, and a rename must not overtake the data.
bool syncToDisk(const QString &path, bool directory)
{
    const int fd = ::open(QFile::encodeName(path).constData(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

} // namespace

Result<SqliteBackupReport> SqliteBackup::run(const StoreUrl &source, const QString &targetFile)
{
    if (source.backend != StoreUrl::Backend::Sqlite)
        return Error::invalid(QStringLiteral("%1 is a PostgreSQL store; back it up with pg_dump").arg(source.masked()));
    if (!QFileInfo(source.path).isFile())
        return Error::notFound(QStringLiteral("there is no SQLite store at %1 (nothing to back up)").arg(source.path));
    if (targetFile.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("no backup file named"));
    const QFileInfo target(targetFile);
    const QString path = target.absoluteFilePath();
    if (target.exists() || target.isSymLink())
        return Error::conflict(QStringLiteral("%1 already exists; a backup never overwrites a file (choose a new name "
                                              "or remove it first)").arg(path));
    const QDir dir = target.absoluteDir();
    if (!dir.exists())
        return Error::notFound(QStringLiteral("the directory %1 for the backup does not exist").arg(dir.path()));

    QTemporaryFile partial(dir.filePath(QLatin1Char('.') + target.fileName() + QStringLiteral(".partial-XXXXXX")));
    if (!partial.open())
        return Error::unavailable(QStringLiteral("cannot create a file in %1: %2").arg(dir.path(), partial.errorString()));
    partial.close(); // VACUUM INTO accepts an existing empty file; the name stays reserved
    const QString partialPath = partial.fileName();
    auto failed = [&partialPath](const Error &e) -> Result<SqliteBackupReport> {
        for (const char *suffix : {"-journal", "-wal", "-shm"})
            QFile::remove(partialPath + QLatin1String(suffix));
        return e; // `partial` removes the copy itself
    };

    if (Result<void> copied = vacuumInto(source, partialPath); !copied)
        return failed(copied.error());
    Result<SqliteBackupReport> report = inspect(partialPath, source.path);
    if (!report)
        return failed(report.error());
    if (!syncToDisk(partialPath, false))
        return failed(Error::unavailable(QStringLiteral("cannot sync the copy %1 to disk").arg(partialPath)));
    // QFile::rename never replaces an existing file (a target created meanwhile stays untouched).
    if (!QFile::rename(partialPath, path))
        return failed(Error::conflict(QStringLiteral("cannot rename the copy to %1%2")
                                          .arg(path, QFileInfo::exists(path) ? QStringLiteral(": the file appeared meanwhile")
                                                                             : QString())));
    partial.setAutoRemove(false);
    syncToDisk(dir.path(), true); // best effort: the rename's directory entry
    report->path = path;
    report->bytes = QFileInfo(path).size();
    return report;
}

} // namespace orrery
