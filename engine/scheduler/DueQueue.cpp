#include "scheduler/DueQueue.h"

#include <algorithm>

namespace orrery {

bool DueQueue::live(const Entry &e) const
{
    auto it = m_live.constFind(e.jobId);
    return it != m_live.constEnd() && *it == e.seq;
}

void DueQueue::schedule(const QString &jobId, qint64 dueMs)
{
    const quint64 seq = ++m_seq;
    m_live.insert(jobId, seq);
    m_heap.push_back(Entry{dueMs, seq, jobId});
    std::push_heap(m_heap.begin(), m_heap.end(), Later{});
    compactIfNeeded();
}

void DueQueue::remove(const QString &jobId)
{
    m_live.remove(jobId);
    compactIfNeeded();
}

void DueQueue::clear()
{
    m_heap.clear();
    m_live.clear();
}

void DueQueue::dropStale()
{
    while (!m_heap.empty() && !live(m_heap.front())) {
        std::pop_heap(m_heap.begin(), m_heap.end(), Later{});
        m_heap.pop_back();
    }
}

void DueQueue::compactIfNeeded()
{
    if (m_heap.size() < 64 || m_heap.size() < 2 * size_t(m_live.size()))
        return;
    std::vector<Entry> kept;
    kept.reserve(m_live.size());
    for (Entry &e : m_heap)
        if (live(e))
            kept.push_back(std::move(e));
    m_heap = std::move(kept);
    std::make_heap(m_heap.begin(), m_heap.end(), Later{});
}

std::optional<qint64> DueQueue::earliest()
{
    dropStale();
    if (m_heap.empty())
        return std::nullopt;
    return m_heap.front().due;
}

QStringList DueQueue::popDue(qint64 nowMs, int maxCount)
{
    QStringList out;
    while (out.size() < maxCount) {
        dropStale();
        if (m_heap.empty() || m_heap.front().due > nowMs)
            break;
        std::pop_heap(m_heap.begin(), m_heap.end(), Later{});
        Entry e = std::move(m_heap.back());
        m_heap.pop_back();
        m_live.remove(e.jobId);
        out.append(std::move(e.jobId));
    }
    return out;
}

} // namespace orrery
