#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <deque>
#include <map>
#include <queue>
#include <vector>

namespace orrery {

// Per-queue-name ("type" or "domain:type") task queues with priorities and delayed visibility,
// held in memory by the engine thread (its only user). Ready tasks are handed out by workflow
// priority (higher first), then in the order they became visible. Delayed tasks sit in one heap
// ordered by the time they become visible; the owner arms one timer for nextVisibleAt().
class TaskQueues
{
public:
    static QString queueName(const QString &taskType, const QString &domain)
    {
        return domain.isEmpty() ? taskType : domain + QLatin1Char(':') + taskType;
    }

    // Adds (or re-adds) a task. visibleAtMs <= nowMs makes it ready at once.
    void push(const QString &queue, const QString &taskId, int priority, qint64 visibleAtMs, qint64 nowMs);
    // Removes a task wherever it is queued (no-op when absent).
    void remove(const QString &taskId);
    bool contains(const QString &taskId) const { return m_where.contains(taskId); }

    // Takes up to `count` ready task ids from `queue`.
    QStringList pop(const QString &queue, int count);
    int readyCount(const QString &queue) const;
    // Ready + delayed members of a queue.
    int size(const QString &queue) const;
    QStringList queueNames() const;

    // Moves every delayed task whose time has come into its ready queue; returns the queues
    // that received tasks.
    QSet<QString> promoteDue(qint64 nowMs);
    // Earliest time a delayed task becomes visible, or -1 when none is delayed.
    qint64 nextVisibleAt() const;

private:
    struct Entry
    {
        QString queue;
        int priority = 0;
        qint64 visibleAt = 0;
        quint64 generation = 0;
        bool ready = false;
    };
    struct Delayed
    {
        qint64 visibleAt;
        quint64 generation;
        QString taskId;
        bool operator>(const Delayed &o) const { return visibleAt > o.visibleAt; }
    };
    struct Queue
    {
        std::map<int, std::deque<std::pair<QString, quint64>>, std::greater<int>> ready; // priority -> FIFO
        int readyCount = 0;
        int members = 0;
    };

    void makeReady(const QString &taskId, Entry &e);
    void pruneDelayedTop() const;

    QHash<QString, Queue> m_queues;
    QHash<QString, Entry> m_where; // taskId -> its current entry
    mutable std::priority_queue<Delayed, std::vector<Delayed>, std::greater<Delayed>> m_delayed;
    quint64 m_generation = 0;
};

} // namespace orrery
