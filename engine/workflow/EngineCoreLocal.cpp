#include "EngineCore.h"

#include "store/Store.h"

// EngineCore's local workers (hand-outs to the in-process pool, their results) and drain.

namespace orrery {

void EngineCore::setLocalCapacity(const QString &taskType, int capacity)
{
    if (capacity <= 0)
        m_localCapacity.remove(taskType);
    else
        m_localCapacity.insert(taskType, capacity);
    m_localDirty.insert(taskType);
    scheduleLocalFlush();
}

void EngineCore::scheduleLocalFlush()
{
    if (m_localFlushScheduled)
        return;
    m_localFlushScheduled = true;
    QMetaObject::invokeMethod(this, &EngineCore::flushLocal, Qt::QueuedConnection);
}

void EngineCore::flushLocal()
{
    m_localFlushScheduled = false;
    const QSet<QString> dirty = std::exchange(m_localDirty, {});
    for (const QString &type : dirty) {
        const int free = m_localCapacity.value(type) - m_localBusy.value(type);
        if (free <= 0)
            continue;
        const QList<Task> tasks = handOut(type, QLatin1String(kLocalWorkerId), free);
        m_localBusy[type] += int(tasks.size());
        m_localInFlight += int(tasks.size());
        m_localBatch.append(tasks);
    }
    if (!m_localBatch.isEmpty())
        Q_EMIT localTasksReady(std::exchange(m_localBatch, {}));
}

void EngineCore::completeLocal(const QList<TaskResult> &results)
{
    for (const TaskResult &result : results) {
        Task *t = nullptr;
        WorkflowRun *run = runOfTask(result.taskId, &t);
        if (run && t->workerId == QLatin1String(kLocalWorkerId)) {
            const QString type = t->taskType;
            if (m_localBusy.value(type) > 0) {
                --m_localBusy[type];
                --m_localInFlight;
            }
            m_localDirty.insert(type);
            (void)applyResult(*run, *t, result); // a refused late result changes nothing
        }
    }
    scheduleLocalFlush();
}

void EngineCore::beginDrain()
{
    m_draining = true;
    // Open long polls answer now, empty.
    const auto waiters = std::exchange(m_waiters, {});
    m_waitersByQueue.clear();
    for (const Waiter &w : waiters)
        w.reply(QJsonArray());
}

} // namespace orrery
