#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace orrery {

// When the remote tasks a worker holds need a lease extension (POST /api/tasks with
// extendLease:true): at 80% of the task's responseTimeoutSeconds after it was polled, and again
// every 80% after each extension (the server's deadline moves with every update). Tasks with
// responseTimeoutSeconds 0 have no lease. Pure logic on a clock value (virtual time in tests).
class LeaseTracker
{
public:
    struct Lease
    {
        QString taskId;
        QString workflowInstanceId;
        qint64 responseTimeoutMs = 0;
        qint64 dueMs = 0;
    };

    void track(const QString &taskId, const QString &workflowInstanceId, qint64 responseTimeoutSeconds, qint64 nowMs);
    void forget(const QString &taskId) { m_leases.remove(taskId); }
    // The leases due at `nowMs`; each is rescheduled 80% of its timeout after `nowMs`.
    QList<Lease> takeDue(qint64 nowMs);
    // An extension that did not reach the server: try again after `delayMs`, before the lease ends.
    void retryLater(const QString &taskId, qint64 nowMs, qint64 delayMs);
    // -1 when no lease is tracked.
    qint64 nextDueMs() const;
    int size() const { return int(m_leases.size()); }

    static qint64 extensionDelayMs(qint64 responseTimeoutMs) { return std::max<qint64>(1, responseTimeoutMs * 8 / 10); }

private:
    QHash<QString, Lease> m_leases;
};

} // namespace orrery
