#include "store/SqliteCheckpointer.h"

#include "store/SqlBackend.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <sqlite3.h>

namespace orrery {

namespace {
Q_LOGGING_CATEGORY(lcCheckpoint, "orrery.store.checkpoint")

sqlite3 *sqliteHandle(QSqlDatabase &db)
{
    if (!db.isValid() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || !handle.data() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.data());
}

constexpr int kWriterFallbackFactor = 4;
} // namespace

SqliteCheckpointer::SqliteCheckpointer(const SqlBackend &backend, QString connectionName, int walFrames, QObject *parent)
    : QThread(parent), m_backend(backend), m_connectionName(std::move(connectionName)), m_walFrames(qMax(1, walFrames))
{
    setObjectName(QStringLiteral("orrery-store-checkpoint"));
}

SqliteCheckpointer::~SqliteCheckpointer()
{
    stop();
}

bool SqliteCheckpointer::attach(QSqlDatabase &writer)
{
    sqlite3 *h = sqliteHandle(writer);
    if (!h)
        return false;
    sqlite3_wal_hook(h, &SqliteCheckpointer::onCommit, this); // replaces wal_autocheckpoint
    return true;
}

void SqliteCheckpointer::stop()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_wake.wakeAll();
    }
    if (isRunning() && QThread::currentThread() != this)
        wait();
}

int SqliteCheckpointer::onCommit(void *self, sqlite3 *db, const char *schema, int frames)
{
    auto *me = static_cast<SqliteCheckpointer *>(self);
    if (frames >= me->m_walFrames * kWriterFallbackFactor) {
        // The thread did not catch up (a checkpoint racing a busy writer never empties the WAL,
        // so it is never restarted) or does not run: after the thread's checkpoint in progress,
        // the writer copies the rest itself, as SQLite's automatic checkpoint does, so the WAL
        // restarts at the next transaction.
        QMutexLocker running(&me->m_checkpointing);
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        ++me->m_writerCheckpoints;
        return SQLITE_OK;
    }
    if (frames >= me->m_walFrames) {
        QMutexLocker lock(&me->m_mutex);
        if (!me->m_requested) {
            me->m_requested = true;
            me->m_wake.wakeOne();
        }
    }
    return SQLITE_OK;
}

void SqliteCheckpointer::checkpoint(QSqlDatabase &db)
{
    sqlite3 *h = sqliteHandle(db);
    if (!h)
        return;
    int logFrames = 0;
    int copied = 0;
    QMutexLocker running(&m_checkpointing);
    const int rc = sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        qCWarning(lcCheckpoint).noquote() << "WAL checkpoint of" << m_backend.url().masked()
                                          << "failed:" << QString::fromUtf8(sqlite3_errmsg(h));
    else
        ++m_checkpoints;
}

void SqliteCheckpointer::run()
{
    QSqlDatabase db;
    {
        Result<QSqlDatabase> opened = m_backend.openConnection(m_connectionName, QStringLiteral("checkpoint"));
        if (!opened) {
            // The writer's fallback keeps the WAL bounded without this thread.
            qCWarning(lcCheckpoint).noquote() << "no checkpoint connection; the writer checkpoints itself:"
                                              << opened.error().message;
            return;
        }
        db = opened.value();
    }
    for (;;) {
        {
            QMutexLocker lock(&m_mutex);
            while (!m_stop && !m_requested)
                m_wake.wait(&m_mutex);
            if (m_stop)
                break;
            m_requested = false;
        }
        checkpoint(db);
    }
    db.close();
    db = QSqlDatabase();
    SqlBackend::closeConnection(m_connectionName);
}

} // namespace orrery
