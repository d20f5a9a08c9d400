#pragma once

#include "core/Result.h"

#include <QString>

namespace orrery {

// Keeps a second orreryd off a SQLite store that one already serves: an exclusive flock() on
// "<database file>.server-lock", held for the life of the process. The kernel drops it when the
// process ends however it ends (SIGKILL included), so a restart never finds a stale lock; the
// descriptor is close-on-exec, so task processes that outlive the server do not keep it.
// (On PostgreSQL several orreryd may share a store: the engine lease picks the active one.)
class SqliteInstanceLock
{
public:
    SqliteInstanceLock() = default;
    ~SqliteInstanceLock();
    SqliteInstanceLock(const SqliteInstanceLock &) = delete;
    SqliteInstanceLock &operator=(const SqliteInstanceLock &) = delete;

    // Takes the lock for `databaseFile`; an error names the file and the holder's pid.
    Result<void> acquire(const QString &databaseFile);
    void release();
    QString lockFile() const { return m_path; }

private:
    QString m_path;
    int m_fd = -1;
};

} // namespace orrery
