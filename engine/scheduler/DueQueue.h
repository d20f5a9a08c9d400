#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace orrery {

// A min-heap of (due instant, job id) with one live entry per job: scheduling a job again
// replaces its entry (older entries are skipped lazily and compacted away).
class DueQueue
{
public:
    void schedule(const QString &jobId, qint64 dueMs);
    void remove(const QString &jobId);
    void clear();
    // The earliest live due instant.
    std::optional<qint64> earliest();
    // Removes and returns the jobs due at or before nowMs, earliest first (at most maxCount).
    QStringList popDue(qint64 nowMs, int maxCount);
    int size() const { return int(m_live.size()); }

private:
    struct Entry
    {
        qint64 due;
        quint64 seq;
        QString jobId;
    };
    struct Later
    {
        bool operator()(const Entry &a, const Entry &b) const { return a.due > b.due || (a.due == b.due && a.seq > b.seq); }
    };
    bool live(const Entry &e) const;
    void dropStale();
    void compactIfNeeded();

    std::vector<Entry> m_heap;
    QHash<QString, quint64> m_live; // jobId -> seq of its live entry
    quint64 m_seq = 0;
};

} // namespace orrery
