#include "WorkerTracker.h"

namespace orrery {

namespace {
constexpr int kMaxEntries = 10'000;

QString keyOf(const QString &workerId, const QString &taskType)
{
    return workerId + u'\n' + taskType;
}
} // namespace

void WorkerTracker::polled(const QString &workerId, const QString &taskType, const QString &domain, qint64 nowMs)
{
    const QString key = keyOf(workerId, taskType);
    QMutexLocker lock(&m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        if (m_entries.size() >= kMaxEntries) {
            auto oldest = m_entries.begin();
            for (auto e = m_entries.begin(); e != m_entries.end(); ++e) {
                if (e->lastPollMs < oldest->lastPollMs)
                    oldest = e;
            }
            m_entries.erase(oldest);
        }
        it = m_entries.insert(key, Entry{workerId, taskType, domain, 0, 0, 0});
    }
    it->lastPollMs = nowMs;
    it->domain = domain;
    ++it->pollCount;
}

void WorkerTracker::handedOut(const QString &workerId, const QString &taskType, int tasks)
{
    if (tasks <= 0)
        return;
    QMutexLocker lock(&m_mutex);
    auto it = m_entries.find(keyOf(workerId, taskType));
    if (it != m_entries.end())
        it->tasksHandedOut += tasks;
}

QList<WorkerTracker::Entry> WorkerTracker::snapshot() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries.values();
}

} // namespace orrery
