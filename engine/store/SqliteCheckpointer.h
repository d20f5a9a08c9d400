#pragma once

#include <QMutex>
#include <QSqlDatabase>
#include <QThread>
#include <QWaitCondition>
#include <atomic>

struct sqlite3;

namespace orrery {

class SqlBackend;

// Checkpoints the SQLite WAL on its own thread and connection, so the store writer does not
// stall for it (issue 15: the checkpoints SQLite runs inside a commit took ~11 % of the writer
// thread, more as the file grows). attach() replaces the writer connection's automatic
// checkpoint with a commit hook that, once the WAL holds `walFrames` frames, wakes this thread,
// which runs a PASSIVE checkpoint: it copies what it can without blocking the writer or any
// reader, and the writer restarts the WAL from its beginning once all of it is copied.
// Durability is unchanged: a commit is durable in the WAL before it is acknowledged, whenever
// its pages are copied into the database file. A checkpoint racing a busy writer rarely empties
// the WAL, so once it holds 4 x walFrames frames the writer waits for the thread's checkpoint in
// progress and copies the rest itself in its commit (little is left by then), as SQLite does by
// default: the WAL restarts and stays bounded.
class SqliteCheckpointer final : public QThread
{
    Q_OBJECT

public:
    SqliteCheckpointer(const SqlBackend &backend, QString connectionName, int walFrames, QObject *parent = nullptr);
    ~SqliteCheckpointer() override;

    // Installs the commit hook on the writer's connection `writer` (an open SQLite connection
    // of the writer thread). Returns false, changing nothing, if it is not a SQLite connection.
    bool attach(QSqlDatabase &writer);
    // Ends the thread (after the checkpoint in progress, if any).
    void stop();

    qint64 checkpointsRun() const { return m_checkpoints.load(); }
    qint64 writerCheckpoints() const { return m_writerCheckpoints.load(); }

protected:
    void run() override;

private:
    static int onCommit(void *self, sqlite3 *db, const char *schema, int frames);
    void checkpoint(QSqlDatabase &db);

    const SqlBackend &m_backend;
    const QString m_connectionName;
    const int m_walFrames;

    QMutex m_mutex;
    QWaitCondition m_wake;
    QMutex m_checkpointing; // held while a checkpoint runs (this thread's or the writer's)
    bool m_requested = false;
    bool m_stop = false;
    std::atomic<qint64> m_checkpoints{0};
    std::atomic<qint64> m_writerCheckpoints{0};
};

} // namespace orrery
