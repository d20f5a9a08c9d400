#pragma once

#include "ReplayJob.h"

#include <QJsonArray>
#include <QList>
#include <list>

namespace orrery {

// The DLQ's bulk replay jobs: running ones, and the last finished ones for the stats.
class ReplayJobs
{
public:
    static constexpr int kKeepFinished = 20;

    struct Due
    {
        QString jobId;
        QString by;
        QString entryId;
    };

    // Starts a job over `entryIds` (issued oldest first); returns its id ("replay-<n>").
    QString start(const QStringList &entryIds, double ratePerSecond, qint64 nowMs, const QString &by);
    // The entries due at `nowMs`, in job order (each is taken once).
    QList<Due> takeDue(qint64 nowMs);
    void replied(const QString &jobId, bool ok);
    qint64 nextDueMs() const; // -1 when nothing is waiting
    QJsonArray toJson(qint64 nowMs) const;

private:
    std::list<ReplayJob> m_jobs;
    quint64 m_next = 0;
};

} // namespace orrery
