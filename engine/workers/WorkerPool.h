#pragma once

#include "core/Result.h"
#include "workers/HandlerRegistry.h"
#include "workers/PoolCounters.h"
#include "workers/TaskAssignment.h"
#include "workers/TaskOutcome.h"
#include "workers/WorkerPoolConfig.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <atomic>
#include <memory>

class QThread;

namespace orrery {

class Clock;
class PoolExecutor;

// The local worker pool. While started it lives in its own QThread (which it owns): async
// handlers (shell, http, profile, noop, embedders' TaskHandlers) run on that thread's event
// loop, blocking handlers on a bounded QThreadPool. Limits: a global maximum of running tasks
// and optional per-type maxima.
//
// Thread safety: submit(), cancel(), freeSlots(), stats(), setMaxConcurrent(), setTypeLimit()
// and registry() may be used from any thread. start() and stop() must be called from the thread
// that created the pool (its owner), which also destroys it. Having no parent (it moves between
// threads), the pool is owned by its creator, e.g. through std::unique_ptr.
class WorkerPool : public QObject
{
    Q_OBJECT

public:
    // `clock` (default SystemClock) stamps startedMs/finishedMs, durations and profile samples.
    // The built-in types are registered; embedders add theirs through registry().
    explicit WorkerPool(WorkerPoolConfig config = {}, Clock *clock = nullptr);
    ~WorkerPool() override; // stop(0) if still running

    HandlerRegistry &registry() { return m_registry; }
    const WorkerPoolConfig &config() const { return m_config; }

    // Starts the pool thread. Fails (Conflict) if already running.
    Result<void> start();
    // Blocking: fails queued tasks, waits up to drainTimeoutMs for running ones, cancels the
    // rest (Failed, errorCode "pool_stopped"), delivers the last batch and joins the thread.
    void stop(int drainTimeoutMs);
    bool isRunning() const { return m_accepting.load(std::memory_order_acquire); }

    // How many more tasks of `type` the pool takes without queueing them: min(type limit,
    // global limit) minus what was submitted and not yet delivered. 0 for unknown types and
    // while stopped.
    int freeSlots(const QString &type) const;

    // Queued into the pool thread; tasks beyond the limits wait in a per-type FIFO. Unknown types
    // come back FailedTerminal (kind "input"); after stop() began, Failed ("pool_stopped").
    void submit(QList<TaskAssignment> tasks);
    // Cancels a queued or running task; its outcome (Failed, errorCode "canceled") is delivered
    // like any other. Unknown or finished ids are ignored.
    void cancel(const QString &taskId);

    void setMaxConcurrent(int max);
    void setTypeLimit(const QString &type, int max); // max <= 0: only the global limit applies

    // For the workers API: {"state": "running"|"stopped", "maxConcurrent", "inFlight", "queued",
    //  "running", "completed", "failed", "failedTerminal", "blockingThreads", "batchMaxSize",
    //  "batchWindowMs", "handlers": [type...], "types": {type: {"maxConcurrent", "inFlight",
    //  "queued", "running", "completed", "failed", "failedTerminal"}}}
    QJsonObject stats() const;

Q_SIGNALS:
    // Emitted on the pool thread, in batches (see WorkerPoolConfig::batchMaxSize/batchWindowMs).
    void finished(QList<orrery::TaskOutcome> outcomes);

private:
    void onSubmit(QList<TaskAssignment> tasks);
    void rejectAll(const QList<TaskAssignment> &tasks);
    void finishStop();

    WorkerPoolConfig m_config;
    Clock *m_clock;
    HandlerRegistry m_registry;
    PoolCounters m_counters;
    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<PoolExecutor> m_executor; // exists, on the pool thread, while started
    QThread *m_ownerThread = nullptr;
    std::atomic<bool> m_accepting{false};
};

} // namespace orrery
