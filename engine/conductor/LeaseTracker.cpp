#include "LeaseTracker.h"

#include <algorithm>

namespace orrery {

void LeaseTracker::track(const QString &taskId, const QString &workflowInstanceId, qint64 responseTimeoutSeconds,
                         qint64 nowMs)
{
    if (responseTimeoutSeconds <= 0)
        return;
    Lease l{taskId, workflowInstanceId, responseTimeoutSeconds * 1000, 0};
    l.dueMs = nowMs + extensionDelayMs(l.responseTimeoutMs);
    m_leases.insert(taskId, l);
}

QList<LeaseTracker::Lease> LeaseTracker::takeDue(qint64 nowMs)
{
    QList<Lease> due;
    for (Lease &l : m_leases) {
        if (l.dueMs > nowMs)
            continue;
        due.append(l);
        l.dueMs = nowMs + extensionDelayMs(l.responseTimeoutMs);
    }
    std::sort(due.begin(), due.end(), [](const Lease &a, const Lease &b) { return a.dueMs < b.dueMs; });
    return due;
}

void LeaseTracker::retryLater(const QString &taskId, qint64 nowMs, qint64 delayMs)
{
    auto it = m_leases.find(taskId);
    if (it == m_leases.end())
        return;
    // Never later than the regular schedule; at least 1 ms ahead.
    it->dueMs = std::min(it->dueMs, nowMs + std::max<qint64>(1, delayMs));
}

qint64 LeaseTracker::nextDueMs() const
{
    qint64 next = -1;
    for (const Lease &l : m_leases)
        next = next < 0 ? l.dueMs : std::min(next, l.dueMs);
    return next;
}

} // namespace orrery
