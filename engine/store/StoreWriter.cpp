#include "store/StoreWriter.h"

#include "store/BatchWriter.h"
#include "store/SqlBackend.h"
#include "store/SqliteCheckpointer.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>

namespace orrery {

namespace {
Q_LOGGING_CATEGORY(lcWriter, "orrery.store.writer")
constexpr int kFirstBackoffMs = 100;
constexpr int kMaxBackoffMs = 5000;
// WAL frames (pages) after which the checkpoint thread copies them into the database file:
// SQLite's own default (wal_autocheckpoint=1000), so the WAL stays as small as before.
constexpr int kCheckpointWalFrames = 1000;

// What a caller waiting for a commit hears while the database refuses writes: a 503 with the
// reason, and that its change is not lost (the writer keeps it and retries).
Error keptButUnwritten(const QString &reason)
{
    return Error::unavailable(QStringLiteral("the store cannot write at the moment (%1); the change is kept and "
                                             "written as soon as the store accepts writes again")
                                  .arg(reason));
}
} // namespace

StoreWriter::StoreWriter(const SqlBackend &backend, QString connectionName, int flushIntervalMs, int maxBatch,
                         QObject *parent)
    : QThread(parent)
    , m_backend(backend)
    , m_connectionName(std::move(connectionName))
    , m_flushIntervalMs(qMax(0, flushIntervalMs))
    , m_maxBatch(qMax(1, maxBatch))
{
    setObjectName(QStringLiteral("orrery-store-writer"));
}

StoreWriter::~StoreWriter()
{
    stop();
}

void StoreWriter::whenCommitted(PendingBatch::Waiter waiter, bool failFast)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_accepting && (m_failure.isEmpty() || !failFast)) {
            m_pending.addWaiter(std::move(waiter));
            m_wake.wakeOne();
            return;
        }
        if (m_accepting) {
            // The database refuses writes: fail fast instead of waiting for the next retry.
            const Error e = keptButUnwritten(m_failure);
            lock.unlock();
            waiter(e);
            return;
        }
    }
    waiter(Error::unavailable(QStringLiteral("the store is closed; nothing more is written")));
}

void StoreWriter::requestFlush()
{
    QMutexLocker lock(&m_mutex);
    m_flushRequested = true;
    m_wake.wakeAll();
}

void StoreWriter::stop()
{
    {
        QMutexLocker lock(&m_mutex);
        m_accepting = false;
        m_stop = true;
        m_wake.wakeAll();
    }
    if (isRunning() && !isWriterThread())
        wait();
}

StoreStats StoreWriter::stats() const
{
    StoreStats s;
    {
        QMutexLocker lock(&m_mutex);
        s.changesSubmitted = m_submitted;
        s.pendingRows = m_pending.rowCount();
    }
    s.pendingRows += m_inFlightRows.load();
    s.rowsWritten = m_rowsWritten.load();
    s.batchesCommitted = m_batchesCommitted.load();
    s.batchesFailed = m_batchesFailed.load();
    s.rowsLost = m_lostRows.load();
    return s;
}

void StoreWriter::setStatusHandler(std::function<void(Result<void>)> handler)
{
    QMutexLocker lock(&m_handlerMutex);
    m_statusHandler = std::move(handler);
}

void StoreWriter::reportStatus(const Result<void> &status)
{
    QMutexLocker lock(&m_handlerMutex);
    if (m_statusHandler)
        m_statusHandler(status);
}

void StoreWriter::waitForBackoff(int ms)
{
    QMutexLocker lock(&m_mutex);
    const QDeadlineTimer deadline(ms);
    while (!m_stop && !m_flushRequested && !deadline.hasExpired())
        m_wake.wait(&m_mutex, deadline);
}

Result<void> StoreWriter::commit(BatchWriter &writer, const PendingBatch &batch)
{
    if (!batch.hasChanges())
        return {};
    Error last;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
        if (attempt > 1) {
            QThread::msleep(25UL * (1UL << (2 * (attempt - 2)))); // 25 ms, 100 ms
            writer.close(); // a fresh connection: the old one may be broken
        }
        Result<qint64> rows = writer.write(batch);
        if (rows) {
            m_rowsWritten += rows.value();
            ++m_batchesCommitted;
            return {};
        }
        last = rows.error();
        qCWarning(lcWriter).noquote() << "store write attempt" << attempt << "of" << kAttempts << "failed:" << last.message;
    }
    writer.close();
    return last;
}

void StoreWriter::run()
{
    // Declared before the writer: the writer's connection (and its commit hook) goes first.
    std::unique_ptr<SqliteCheckpointer> checkpointer;
    if (m_backend.name() == QLatin1String("sqlite")) {
        checkpointer = std::make_unique<SqliteCheckpointer>(m_backend, m_connectionName + QStringLiteral("-checkpoint"),
                                                            kCheckpointWalFrames);
        checkpointer->start();
    }
    BatchWriter writer(m_backend, m_connectionName, checkpointer.get());
    PendingBatch carry;
    int backoffMs = kFirstBackoffMs;
    for (;;) {
        PendingBatch batch;
        bool stopping = false;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_stop && m_pending.isEmpty() && carry.isEmpty())
                m_wake.wait(&m_mutex);
            // Group commit: let changes accumulate for one window, unless told to hurry.
            while (!m_stop && !m_flushRequested && m_pending.hasChanges() && m_pending.rowCount() < m_maxBatch) {
                const qint64 left = m_flushIntervalMs - m_window.elapsed();
                if (left <= 0)
                    break;
                m_wake.wait(&m_mutex, QDeadlineTimer(left));
            }
            m_flushRequested = false;
            batch = std::exchange(m_pending, PendingBatch());
            stopping = m_stop;
        }
        if (batch.isEmpty() && carry.isEmpty() && stopping)
            break;
        if (!carry.isEmpty())
            batch.mergeOlder(std::exchange(carry, PendingBatch()));
        m_inFlightRows = batch.rowCount();

        const Result<void> result = commit(writer, batch);
        // The status handler (the "database" breaker) hears first, then the waiters.
        if (result) {
            m_inFlightRows = 0;
            backoffMs = kFirstBackoffMs;
            if (m_failing) {
                m_failing = false;
                {
                    QMutexLocker lock(&m_mutex);
                    m_failure.clear();
                }
                qCInfo(lcWriter) << "store writes succeed again";
                reportStatus({});
            }
        } else {
            ++m_batchesFailed;
            {
                QMutexLocker lock(&m_mutex);
                m_failure = result.error().message.left(500);
            }
            if (!m_failing) {
                m_failing = true;
                reportStatus(result);
            }
        }
        const Result<void> answer = result ? result : Result<void>(keptButUnwritten(result.error().message.left(500)));
        for (PendingBatch::Waiter &waiter : batch.takeWaiters())
            waiter(answer);
        if (result)
            continue;

        if (stopping) {
            qint64 lost = batch.rowCount();
            std::vector<PendingBatch::Waiter> late;
            {
                QMutexLocker lock(&m_mutex);
                lost += m_pending.rowCount();
                late = m_pending.takeWaiters();
                m_pending = PendingBatch();
            }
            for (PendingBatch::Waiter &waiter : late)
                waiter(result);
            m_lostRows += lost;
            m_inFlightRows = 0;
            qCCritical(lcWriter).noquote() << "store closed while the database refuses writes:" << lost
                                           << "change(s) were NOT written:" << result.error().message;
            break;
        }
        qCCritical(lcWriter).noquote() << "store batch of" << batch.rowCount()
                                       << "change(s) failed; keeping it and retrying in" << backoffMs
                                       << "ms:" << result.error().message;
        carry = std::move(batch);
        waitForBackoff(backoffMs);
        backoffMs = qMin(backoffMs * 2, kMaxBackoffMs);
    }
    writer.close();
}

} // namespace orrery
