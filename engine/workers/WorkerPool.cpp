#include "WorkerPool.h"

#include "core/Clock.h"
#include "workers/PoolExecutor.h"

#include <QJsonArray>
#include <QThread>

namespace orrery {

WorkerPool::WorkerPool(WorkerPoolConfig config, Clock *clock)
    : QObject(nullptr),
      m_config(std::move(config)),
      m_clock(clock ? clock : SystemClock::instance()),
      m_counters(m_config.maxConcurrent, m_config.maxPerType),
      m_thread(std::make_unique<QThread>())
{
    qRegisterMetaType<orrery::TaskOutcome>();
    qRegisterMetaType<QList<orrery::TaskOutcome>>();
    m_thread->setObjectName(QStringLiteral("orrery-workers"));
    m_registry.registerBuiltins();
}

WorkerPool::~WorkerPool()
{
    if (m_thread->isRunning())
        stop(0);
}

Result<void> WorkerPool::start()
{
    if (m_thread->isRunning())
        return Error::conflict(QStringLiteral("the worker pool is already running"));
    if (QThread::currentThread() != thread())
        return Error::internal(QStringLiteral("WorkerPool::start() must be called from the thread that owns the pool"));
    m_ownerThread = QThread::currentThread();
    moveToThread(m_thread.get());
    m_thread->start();
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_executor = std::make_unique<PoolExecutor>(m_config, m_registry, m_counters, m_clock,
                                                        [this](QList<TaskOutcome> batch) {
                                                            m_counters.delivered(batch);
                                                            Q_EMIT finished(batch);
                                                        });
        },
        Qt::BlockingQueuedConnection);
    m_accepting.store(true, std::memory_order_release);
    return {};
}

void WorkerPool::stop(int drainTimeoutMs)
{
    if (!m_thread->isRunning())
        return;
    if (QThread::currentThread() == m_thread.get()) {
        qWarning("WorkerPool::stop() called from the pool thread; call it from the owner thread");
        return;
    }
    m_accepting.store(false, std::memory_order_release);
    QMetaObject::invokeMethod(
        this,
        [this, drainTimeoutMs] {
            // drained() may run inside a handler's callback: finish from a fresh event instead.
            m_executor->beginDrain(drainTimeoutMs, [this] {
                QMetaObject::invokeMethod(this, [this] { finishStop(); }, Qt::QueuedConnection);
            });
        },
        Qt::QueuedConnection);
    m_thread->wait();
}

void WorkerPool::finishStop()
{
    m_executor.reset();
    // Back to the owner, so it can destroy or restart the pool; tasks submitted from now on are
    // rejected there.
    moveToThread(m_ownerThread);
    m_thread->quit();
}

int WorkerPool::freeSlots(const QString &type) const
{
    if (!isRunning() || !m_registry.contains(type))
        return 0;
    return m_counters.freeSlots(type);
}

void WorkerPool::submit(QList<TaskAssignment> tasks)
{
    if (tasks.isEmpty())
        return;
    m_counters.submitted(tasks);
    QMetaObject::invokeMethod(
        this, [this, tasks = std::move(tasks)]() mutable { onSubmit(std::move(tasks)); }, Qt::QueuedConnection);
}

void WorkerPool::onSubmit(QList<TaskAssignment> tasks)
{
    if (m_executor)
        m_executor->submit(std::move(tasks));
    else
        rejectAll(tasks);
}

void WorkerPool::rejectAll(const QList<TaskAssignment> &tasks)
{
    FailureInfo failure;
    failure.kind = QStringLiteral("other");
    failure.errorCode = QStringLiteral("pool_stopped");
    QList<TaskOutcome> outcomes;
    outcomes.reserve(tasks.size());
    const qint64 now = m_clock->nowMs();
    for (const TaskAssignment &task : tasks) {
        TaskOutcome o = TaskOutcome::failed(QStringLiteral("the worker pool is not running"), failure);
        o.taskId = task.taskId;
        o.taskType = task.taskType;
        o.startedMs = o.finishedMs = now;
        m_counters.finishQueued(task.taskType, o.status);
        outcomes.append(std::move(o));
    }
    m_counters.delivered(outcomes);
    Q_EMIT finished(outcomes);
}

void WorkerPool::cancel(const QString &taskId)
{
    QMetaObject::invokeMethod(
        this,
        [this, taskId] {
            if (m_executor)
                m_executor->cancel(taskId);
        },
        Qt::QueuedConnection);
}

void WorkerPool::setMaxConcurrent(int max)
{
    m_counters.setMaxConcurrent(max);
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_executor)
                m_executor->pump();
        },
        Qt::QueuedConnection);
}

void WorkerPool::setTypeLimit(const QString &type, int max)
{
    m_counters.setTypeLimit(type, max);
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_executor)
                m_executor->pump();
        },
        Qt::QueuedConnection);
}

QJsonObject WorkerPool::stats() const
{
    QJsonObject o = m_counters.toJson();
    o.insert(QStringLiteral("state"), isRunning() ? QStringLiteral("running") : QStringLiteral("stopped"));
    o.insert(QStringLiteral("blockingThreads"), m_config.effectiveBlockingThreads());
    o.insert(QStringLiteral("batchMaxSize"), m_config.batchMaxSize);
    o.insert(QStringLiteral("batchWindowMs"), m_config.batchWindowMs);
    o.insert(QStringLiteral("handlers"), QJsonArray::fromStringList(m_registry.types()));
    return o;
}

} // namespace orrery
