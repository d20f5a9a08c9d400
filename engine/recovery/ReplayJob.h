#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace orrery {

// A bulk replay of DLQ entries, issued at most `ratePerSecond` per second (0 = all at once).
// The first entry goes at once; the k-th (0-based) is due at start + k * 1000 / rate ms.
// Pure bookkeeping in the caller's time.
class ReplayJob
{
public:
    ReplayJob(QString id, QStringList entryIds, double ratePerSecond, qint64 startMs, QString by);

    QString id() const { return m_id; }
    QString by() const { return m_by; }
    double ratePerSecond() const { return m_rate; }
    bool finished() const { return m_next >= m_entries.size() && m_pendingReplies == 0; }
    bool allIssued() const { return m_next >= m_entries.size(); }

    // The entries due at `nowMs` that were not issued yet (marks them issued).
    QStringList takeDue(qint64 nowMs);
    // When the next entry is due (-1 when all are issued).
    qint64 nextDueMs() const;
    void replied(bool ok);

    int total() const { return int(m_entries.size()); }
    int issued() const { return m_next; }
    QJsonObject toJson(qint64 nowMs) const;

private:
    QString m_id;
    QStringList m_entries;
    double m_rate;
    qint64 m_startMs;
    QString m_by;
    int m_next = 0;
    int m_pendingReplies = 0;
    int m_succeeded = 0;
    int m_failed = 0;
};

} // namespace orrery
