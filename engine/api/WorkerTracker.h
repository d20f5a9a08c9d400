#pragma once

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>

namespace orrery {

// Counts the polls remote workers make through the REST API (per worker id and task type):
// how many, the last one, and how many tasks they were handed. The engine's poll data gives
// the last poll time only; this adds the counts. Bounded to 10,000 (worker, type) pairs, the
// least recently seen dropped first. Thread-safe.
class WorkerTracker
{
public:
    void polled(const QString &workerId, const QString &taskType, const QString &domain, qint64 nowMs);
    void handedOut(const QString &workerId, const QString &taskType, int tasks);

    struct Entry
    {
        QString workerId;
        QString taskType;
        QString domain;
        qint64 lastPollMs = 0;
        qint64 pollCount = 0;
        qint64 tasksHandedOut = 0;
    };
    QList<Entry> snapshot() const;

private:
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries; // key: workerId + '\n' + taskType
};

} // namespace orrery
