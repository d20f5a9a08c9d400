#pragma once

#include "workers/HandlerContext.h"
#include "workers/HandlerRegistry.h"
#include "workers/OutcomeBatcher.h"
#include "workers/PoolCounters.h"
#include "workers/WorkerPoolConfig.h"

#include <deque>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

class QNetworkAccessManager;
class QObject;
class QThreadPool;
class QTimer;

namespace orrery {

class Clock;

// The pool's work, on the pool thread only: per-type FIFO queues served round-robin within the
// limits, one handler per running task, one deadline timer for the whole pool, cancellation,
// batching of outcomes and draining on shutdown. WorkerPool creates it on its thread and
// forwards to it; nothing here is thread-safe except what PoolCounters guards.
class PoolExecutor
{
public:
    using Emit = std::function<void(QList<TaskOutcome>)>;

    PoolExecutor(const WorkerPoolConfig &config, HandlerRegistry &registry, PoolCounters &counters, Clock *clock,
                 Emit emitBatch);
    ~PoolExecutor(); // cancels what runs, waits for blocking handlers, destroys all handlers

    void submit(QList<TaskAssignment> tasks);
    void cancel(const QString &taskId);
    void pump(); // start what the limits allow (also after a limit was raised)
    // Stops accepting work, fails what is queued, waits up to timeoutMs for running tasks, then
    // cancels the rest, flushes the last batch and calls drained() (never synchronously from a
    // handler's callback stack — WorkerPool defers it anyway).
    void beginDrain(int timeoutMs, std::function<void()> drained);

private:
    enum class Interrupt { None, Canceled, TimedOut, Shutdown };

    struct TypeQueue
    {
        std::deque<TaskAssignment> pending;
        HandlerRegistry::Factory factory;
        quint64 generation = 0;
        bool inReady = false;
    };

    struct Running
    {
        QString taskId;
        QString taskType;
        std::unique_ptr<TaskHandler> handler;
        qint64 startedMs = 0;
        qint64 timeoutMs = 0;
        std::multimap<qint64, quint64>::iterator deadline;
        bool hasDeadline = false;
        Interrupt interrupt = Interrupt::None;
    };

    TypeQueue *queueFor(const QString &type); // nullptr: no handler for the type
    void startTask(TaskAssignment task, TypeQueue &queue);
    void onHandlerDone(quint64 seq, TaskOutcome outcome);
    void interrupt(quint64 seq, Interrupt why);
    Running takeRunning(std::unordered_map<quint64, Running>::iterator it);
    void completeRunning(const QString &taskId, const QString &taskType, qint64 startedMs, TaskOutcome outcome);
    void completeUnstarted(const TaskAssignment &task, TaskOutcome outcome);
    static TaskOutcome interruptedOutcome(Interrupt why, const Running &r, TaskOutcome fromHandler);
    void armDeadlineTimer();
    void onDeadlineTimer();
    void schedulePump();
    void scheduleReap();
    void checkDrained();

    HandlerRegistry &m_registry;
    PoolCounters &m_counters;
    Clock *m_clock;
    std::unique_ptr<QObject> m_eventContext;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<QThreadPool> m_blockingPool;
    std::unique_ptr<QTimer> m_deadlineTimer;
    std::unique_ptr<QTimer> m_drainTimer;
    std::unique_ptr<OutcomeBatcher> m_batcher;
    HandlerContext m_context;

    QHash<QString, TypeQueue> m_queues;
    std::deque<QString> m_ready; // types with pending tasks, served round-robin
    std::unordered_map<quint64, Running> m_running;
    QHash<QString, quint64> m_runningByTaskId;
    std::unordered_map<quint64, std::unique_ptr<TaskHandler>> m_detached; // interrupted, still cleaning up
    std::vector<std::unique_ptr<TaskHandler>> m_graveyard; // finished; deleted from the event loop
    std::multimap<qint64, quint64> m_deadlines;             // deadline ms -> seq
    std::function<void()> m_drained;
    TaskOutcome m_syncOutcome;
    quint64 m_nextSeq = 0;
    quint64 m_syncSeq = 0; // seq of the task whose start() is on the stack
    bool m_syncDone = false;
    bool m_pumping = false;
    bool m_pumpAgain = false;
    bool m_pumpScheduled = false;
    bool m_reapScheduled = false;
    bool m_draining = false;
    bool m_destroying = false;
};

} // namespace orrery
