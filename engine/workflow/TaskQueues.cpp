#include "TaskQueues.h"

namespace orrery {

void TaskQueues::push(const QString &queue, const QString &taskId, int priority, qint64 visibleAtMs, qint64 nowMs)
{
    remove(taskId);
    Entry e;
    e.queue = queue;
    e.priority = priority;
    e.visibleAt = visibleAtMs;
    e.generation = ++m_generation;
    Queue &q = m_queues[queue];
    ++q.members;
    if (visibleAtMs <= nowMs) {
        makeReady(taskId, e);
    } else {
        m_delayed.push({visibleAtMs, e.generation, taskId});
    }
    m_where.insert(taskId, e);
}

void TaskQueues::makeReady(const QString &taskId, Entry &e)
{
    Queue &q = m_queues[e.queue];
    q.ready[e.priority].emplace_back(taskId, e.generation);
    ++q.readyCount;
    e.ready = true;
}

void TaskQueues::remove(const QString &taskId)
{
    auto it = m_where.find(taskId);
    if (it == m_where.end())
        return;
    // The deque / heap entries stay behind and are skipped lazily (their generation is stale).
    Queue &q = m_queues[it->queue];
    --q.members;
    if (it->ready)
        --q.readyCount;
    m_where.erase(it);
}

QStringList TaskQueues::pop(const QString &queue, int count)
{
    QStringList out;
    auto qit = m_queues.find(queue);
    if (qit == m_queues.end() || count <= 0)
        return out;
    Queue &q = *qit;
    for (auto pit = q.ready.begin(); pit != q.ready.end() && out.size() < count;) {
        auto &fifo = pit->second;
        while (!fifo.empty() && out.size() < count) {
            auto [id, gen] = std::move(fifo.front());
            fifo.pop_front();
            auto wit = m_where.find(id);
            if (wit == m_where.end() || wit->generation != gen || !wit->ready)
                continue; // stale
            m_where.erase(wit);
            --q.members;
            --q.readyCount;
            out.append(id);
        }
        if (fifo.empty())
            pit = q.ready.erase(pit);
        else
            ++pit;
    }
    return out;
}

int TaskQueues::readyCount(const QString &queue) const
{
    auto it = m_queues.constFind(queue);
    return it == m_queues.constEnd() ? 0 : it->readyCount;
}

int TaskQueues::size(const QString &queue) const
{
    auto it = m_queues.constFind(queue);
    return it == m_queues.constEnd() ? 0 : it->members;
}

QStringList TaskQueues::queueNames() const { return m_queues.keys(); }

QSet<QString> TaskQueues::promoteDue(qint64 nowMs)
{
    QSet<QString> touched;
    while (!m_delayed.empty() && m_delayed.top().visibleAt <= nowMs) {
        Delayed d = m_delayed.top();
        m_delayed.pop();
        auto it = m_where.find(d.taskId);
        if (it == m_where.end() || it->generation != d.generation || it->ready)
            continue;
        makeReady(d.taskId, *it);
        touched.insert(it->queue);
    }
    return touched;
}

void TaskQueues::pruneDelayedTop() const
{
    while (!m_delayed.empty()) {
        const Delayed &d = m_delayed.top();
        auto it = m_where.constFind(d.taskId);
        if (it != m_where.constEnd() && it->generation == d.generation && !it->ready)
            return;
        m_delayed.pop();
    }
}

qint64 TaskQueues::nextVisibleAt() const
{
    pruneDelayedTop();
    return m_delayed.empty() ? -1 : m_delayed.top().visibleAt;
}

} // namespace orrery
