#pragma once

#include "core/Result.h"
#include "store/PendingBatch.h"
#include "store/Store.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <atomic>
#include <functional>

namespace orrery {

class BatchWriter;
class SqlBackend;

// The store's writer thread. Callers on any thread put changes into a mutex-protected PendingBatch;
// the thread commits it (one transaction) flushIntervalMs after its first change arrived, at once
// when it reaches maxBatch rows or when a flush is requested. A batch that fails is retried a few
// times on a fresh connection; if it still fails, its waiters get the error and its changes are
// carried into the next batch (newer changes win), retried with growing back-off until the
// database accepts them. Nothing is dropped except at stop() while the database refuses writes,
// which is logged with the number of changes lost.
class StoreWriter final : public QThread
{
    Q_OBJECT

public:
    StoreWriter(const SqlBackend &backend, QString connectionName, int flushIntervalMs, int maxBatch,
                QObject *parent = nullptr);
    ~StoreWriter() override;

    // Applies `op` to the pending batch (any thread). Returns false once the writer is stopped.
    template<typename Op>
    bool submit(Op &&op)
    {
        QMutexLocker lock(&m_mutex);
        if (!m_accepting)
            return false;
        const bool wasEmpty = !m_pending.hasChanges();
        const qint64 before = m_pending.submittedCount();
        op(m_pending);
        m_submitted += m_pending.submittedCount() - before;
        if (wasEmpty)
            m_window.start();
        if (wasEmpty || m_pending.rowCount() >= m_maxBatch)
            m_wake.wakeOne();
        return true;
    }

    // `waiter` runs on the writer thread once every change submitted before it is committed (or
    // with the error if that batch failed); at once with an error if the writer is stopped.
    // While the database refuses writes, `failFast` answers at once (503: the change is kept and
    // written later) instead of waiting for the next retry; flush() waits (up to its timeout).
    void whenCommitted(PendingBatch::Waiter waiter, bool failFast = true);
    // Ends the current flush window now.
    void requestFlush();
    // Stops accepting changes, commits what is pending (one round of attempts), ends the thread.
    void stop();
    bool isWriterThread() const { return QThread::currentThread() == this; }

    StoreStats stats() const;
    // Called on the writer thread when writing starts failing (error) and when it recovers (ok).
    void setStatusHandler(std::function<void(Result<void>)> handler);

protected:
    void run() override;

private:
    Result<void> commit(BatchWriter &writer, const PendingBatch &batch);
    void reportStatus(const Result<void> &status);
    void waitForBackoff(int ms);

    const SqlBackend &m_backend;
    const QString m_connectionName;
    const int m_flushIntervalMs;
    const int m_maxBatch;
    static constexpr int kAttempts = 3;

    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    PendingBatch m_pending;
    QElapsedTimer m_window; // started when the first change of a batch arrives
    bool m_accepting = true;
    bool m_stop = false;
    bool m_flushRequested = false;
    qint64 m_submitted = 0;

    std::atomic<qint64> m_rowsWritten{0};
    std::atomic<qint64> m_batchesCommitted{0};
    std::atomic<qint64> m_batchesFailed{0};
    std::atomic<qint64> m_inFlightRows{0}; // being committed, or kept after a failure
    std::atomic<qint64> m_lostRows{0};

    QMutex m_handlerMutex;
    std::function<void(Result<void>)> m_statusHandler;
    bool m_failing = false; // writer thread only
    QString m_failure;      // while batches fail: why (under m_mutex); whenCommitted answers at once
};

} // namespace orrery
