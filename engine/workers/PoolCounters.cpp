#include "PoolCounters.h"

namespace orrery {

PoolCounters::PoolCounters(int maxConcurrent, const QHash<QString, int> &maxPerType)
    : m_maxConcurrent(qMax(1, maxConcurrent))
{
    for (auto it = maxPerType.begin(); it != maxPerType.end(); ++it)
        m_types[it.key()].limit = qMax(0, it.value());
}

void PoolCounters::setMaxConcurrent(int max)
{
    QMutexLocker lock(&m_mutex);
    m_maxConcurrent = qMax(1, max);
}

void PoolCounters::setTypeLimit(const QString &type, int max)
{
    QMutexLocker lock(&m_mutex);
    m_types[type].limit = qMax(0, max);
}

int PoolCounters::limitFor(const QString &type) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_types.constFind(type);
    return it == m_types.constEnd() ? m_maxConcurrent : limitLocked(*it);
}

int PoolCounters::freeSlots(const QString &type) const
{
    QMutexLocker lock(&m_mutex);
    const qint64 global = m_maxConcurrent - m_outstanding;
    auto it = m_types.constFind(type);
    const qint64 own = it == m_types.constEnd() ? m_maxConcurrent : limitLocked(*it) - it->outstanding;
    return int(qMax<qint64>(0, qMin(global, own)));
}

void PoolCounters::submitted(const QList<TaskAssignment> &tasks)
{
    QMutexLocker lock(&m_mutex);
    const QString *lastType = nullptr;
    TypeCounters *t = nullptr;
    for (const TaskAssignment &task : tasks) {
        if (!lastType || *lastType != task.taskType) {
            t = &m_types[task.taskType];
            lastType = &task.taskType;
        }
        ++t->outstanding;
        ++t->queued;
    }
    m_outstanding += tasks.size();
}

PoolCounters::Admit PoolCounters::tryStart(const QString &type)
{
    QMutexLocker lock(&m_mutex);
    if (m_running >= m_maxConcurrent)
        return Admit::GlobalFull;
    TypeCounters &t = m_types[type];
    if (t.running >= limitLocked(t))
        return Admit::TypeFull;
    --t.queued;
    ++t.running;
    ++m_running;
    return Admit::Ok;
}

void PoolCounters::count(TypeCounters &t, TaskOutcome::Status status)
{
    switch (status) {
    case TaskOutcome::Completed: ++t.completed; break;
    case TaskOutcome::Failed: ++t.failed; break;
    case TaskOutcome::FailedTerminal: ++t.failedTerminal; break;
    }
}

void PoolCounters::finishRunning(const QString &type, TaskOutcome::Status status)
{
    QMutexLocker lock(&m_mutex);
    TypeCounters &t = m_types[type];
    --t.running;
    --m_running;
    count(t, status);
}

void PoolCounters::finishQueued(const QString &type, TaskOutcome::Status status)
{
    QMutexLocker lock(&m_mutex);
    TypeCounters &t = m_types[type];
    --t.queued;
    count(t, status);
}

void PoolCounters::delivered(const QList<TaskOutcome> &batch)
{
    QMutexLocker lock(&m_mutex);
    const QString *lastType = nullptr;
    TypeCounters *t = nullptr;
    for (const TaskOutcome &o : batch) {
        if (!lastType || *lastType != o.taskType) {
            t = &m_types[o.taskType];
            lastType = &o.taskType;
        }
        --t->outstanding;
    }
    m_outstanding -= batch.size();
}

QJsonObject PoolCounters::toJson() const
{
    QMutexLocker lock(&m_mutex);
    QJsonObject types;
    qint64 queued = 0, completed = 0, failed = 0, failedTerminal = 0;
    for (auto it = m_types.constBegin(); it != m_types.constEnd(); ++it) {
        const TypeCounters &t = *it;
        queued += t.queued;
        completed += t.completed;
        failed += t.failed;
        failedTerminal += t.failedTerminal;
        types.insert(it.key(), QJsonObject{
                                   {QStringLiteral("maxConcurrent"), limitLocked(t)},
                                   {QStringLiteral("inFlight"), t.outstanding},
                                   {QStringLiteral("queued"), t.queued},
                                   {QStringLiteral("running"), t.running},
                                   {QStringLiteral("completed"), t.completed},
                                   {QStringLiteral("failed"), t.failed},
                                   {QStringLiteral("failedTerminal"), t.failedTerminal},
                               });
    }
    return QJsonObject{
        {QStringLiteral("maxConcurrent"), m_maxConcurrent},
        {QStringLiteral("inFlight"), m_outstanding},
        {QStringLiteral("queued"), queued},
        {QStringLiteral("running"), m_running},
        {QStringLiteral("completed"), completed},
        {QStringLiteral("failed"), failed},
        {QStringLiteral("failedTerminal"), failedTerminal},
        {QStringLiteral("types"), types},
    };
}

} // namespace orrery
