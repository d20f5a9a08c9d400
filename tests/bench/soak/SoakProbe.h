#pragma once

#include <QString>

namespace orrery::bench {

// What bench_soak reads of orreryd at each sample: /proc/<pid>/status (VmRSS, RssAnon, Threads),
// the entries of /proc/<pid>/fd, the SQLite store's files (the database, its WAL and shared-memory
// file) and the row counts of the tables that grow with the load (read-only connection).
struct ProcessReading
{
    bool ok = false;
    qint64 rssKiB = 0;
    qint64 anonKiB = 0;
    int threads = 0;
    int fds = 0;
    qint64 cpuTicks = 0; // utime + stime of /proc/<pid>/stat, in clock ticks
};

struct StoreReading
{
    qint64 dbBytes = 0;
    qint64 walBytes = 0;
    qint64 shmBytes = 0;
    qint64 workflows = -1; // -1: not read
    qint64 tasks = -1;
    qint64 audit = -1;
    qint64 totalBytes() const { return dbBytes + walBytes + shmBytes; }
};

class SoakProbe
{
public:
    SoakProbe(qint64 pid, QString dbPath);
    ~SoakProbe();
    SoakProbe(const SoakProbe &) = delete;
    SoakProbe &operator=(const SoakProbe &) = delete;

    ProcessReading process() const;
    // countRows: also the row counts (a few COUNT(*)s; the file sizes alone are free).
    StoreReading store(bool countRows);

private:
    qint64 m_pid;
    QString m_dbPath;
    QString m_connection;
};

} // namespace orrery::bench
