#pragma once

#include "core/Result.h"
#include "store/StoreUrl.h"

#include <QList>
#include <QPair>
#include <QString>

namespace orrery {

struct SqliteBackupReport
{
    QString path;    // the backup file
    qint64 bytes = 0;
    int schemaVersion = 0;
    QList<QPair<QString, qint64>> rowCounts; // every table of the copy, in creation order
};

// An online, consistent copy of a SQLite store while orreryd may be writing to it: SQLite's
// VACUUM INTO reads one snapshot (WAL lets the writer go on) into a new file. The copy is written
// under a temporary name in the target's directory (mode 0600: it holds token hashes), switched
// to a self-contained rollback journal, checked (PRAGMA integrity_check must say ok), synced to
// disk and only then renamed to the target name; a failure leaves no target file and no
// temporary one. An existing target is never overwritten.
class SqliteBackup
{
public:
    static Result<SqliteBackupReport> run(const StoreUrl &source, const QString &targetFile);
};

} // namespace orrery
