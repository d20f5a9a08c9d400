#pragma once

#include <QStringList>
#include <QTextStream>

namespace orrery {

// The store's maintenance commands (docs/store.md, "Backup and moving to PostgreSQL"):
//   backup --to FILE [store options]
//       An online, verified copy of the SQLite store orreryd would use (--config / --data-dir /
//       --db / ORRERY_*), while it may be running. Never overwrites FILE. Prints the file, its size
//       and the row count of every table. For a PostgreSQL store it copies nothing and prints
//       the pg_dump / pg_restore commands for it instead (password as a PGPASSWORD placeholder).
//       Exit code: 0 done, 1 failed (no FILE is left behind), 2 usage, 3 PostgreSQL store.
//   migrate-store --from URL --to URL [--force]
//       Copies every table from one store to another (normally sqlite:... to postgresql://...),
//       all or nothing in one transaction on the target, verified by row counts and checksums
//       (StoreCopier). A target holding any row is refused unless --force, which replaces its
//       rows. Progress goes to stderr, the verification table to stdout.
//       Exit code: 0 copied and verified, 1 failed or refused (the target is unchanged), 2 usage.
// args are the words after the program name, starting with the command. Passwords in URLs are
// never printed.
class StoreCommands
{
public:
    static int backup(const QStringList &args, QTextStream &out, QTextStream &err);
    static int migrate(const QStringList &args, QTextStream &out, QTextStream &err);
    static QString backupUsage();
    static QString migrateUsage();
};

} // namespace orrery
