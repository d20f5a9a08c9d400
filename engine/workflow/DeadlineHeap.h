#pragma once

#include <QHash>
#include <QString>
#include <queue>
#include <vector>

namespace orrery {

// Deadlines keyed by id (lease expiries, long-poll timeouts), earliest first. Re-arming an id
// replaces its deadline; stale heap entries are skipped lazily. One timer armed for next() is
// all the owner needs: no polling loop.
class DeadlineHeap
{
public:
    void arm(const QString &id, qint64 atMs)
    {
        const quint64 gen = ++m_generation;
        m_current.insert(id, gen);
        m_heap.push({atMs, gen, id});
    }
    void disarm(const QString &id) { m_current.remove(id); }
    bool isArmed(const QString &id) const { return m_current.contains(id); }

    // Earliest live deadline, or -1.
    qint64 next() const
    {
        prune();
        return m_heap.empty() ? -1 : m_heap.top().at;
    }

    // Removes and returns the ids whose deadline is <= nowMs.
    QStringList takeDue(qint64 nowMs)
    {
        QStringList due;
        for (prune(); !m_heap.empty() && m_heap.top().at <= nowMs; prune()) {
            due.append(m_heap.top().id);
            m_current.remove(m_heap.top().id);
            m_heap.pop();
        }
        return due;
    }

    int size() const { return int(m_current.size()); }

private:
    struct Item
    {
        qint64 at;
        quint64 gen;
        QString id;
        bool operator>(const Item &o) const { return at > o.at; }
    };
    void prune() const
    {
        while (!m_heap.empty()) {
            auto it = m_current.constFind(m_heap.top().id);
            if (it != m_current.constEnd() && *it == m_heap.top().gen)
                return;
            m_heap.pop();
        }
    }

    mutable std::priority_queue<Item, std::vector<Item>, std::greater<Item>> m_heap;
    QHash<QString, quint64> m_current;
    quint64 m_generation = 0;
};

} // namespace orrery
