#include "RemoteTaskRecord.h"

#include <algorithm>

namespace orrery {

RemoteTaskRecord::RemoteTaskRecord(qint64 sliceMs, qint64 retentionMs, int trackedFailures)
    : m_sliceMs(std::max<qint64>(1, sliceMs)), m_trackedFailures(std::max(1, trackedFailures)),
      m_ring(size_t(std::max<qint64>(1, (retentionMs + m_sliceMs - 1) / m_sliceMs) + 1))
{
}

qint64 RemoteTaskRecord::floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

QString RemoteTaskRecord::key(const QString &workflowId, const QString &refName)
{
    return workflowId + QLatin1Char('\n') + refName;
}

RemoteTaskRecord::Slice *RemoteTaskRecord::slice(qint64 index)
{
    const qint64 size = qint64(m_ring.size());
    Slice &s = m_ring[size_t(((index % size) + size) % size)];
    if (s.index > index)
        return nullptr;
    if (s.index != index)
        s = Slice{index, {}};
    return &s;
}

void RemoteTaskRecord::polled(const QString &workflowId, const QString &refName, int retryCount)
{
    if (retryCount <= 0 || refName.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    auto it = m_failures.find(key(workflowId, refName));
    if (it == m_failures.end() || it->retryCount >= retryCount)
        return; // no failure of ours before it (or the same attempt handed out again)
    const Failure f = *it;
    m_failures.erase(it); // its key stays in the order list until the cap drops it
    const qint64 size = qint64(m_ring.size());
    Slice &s = m_ring[size_t(((f.slice % size) + size) % size)];
    if (s.index != f.slice || s.counts.failed <= 0)
        return; // that minute has left the record
    --s.counts.failed;
    ++s.counts.retried;
}

void RemoteTaskRecord::ended(const QString &workflowId, const QString &refName, int retryCount, bool succeeded,
                             qint64 nowMs)
{
    const qint64 index = floorDiv(nowMs, m_sliceMs);
    QMutexLocker lock(&m_mutex);
    Slice *s = slice(index);
    if (!s)
        return;
    if (retryCount > 0)
        ++s->counts.retries;
    const QString k = key(workflowId, refName);
    if (succeeded) {
        ++s->counts.completed;
        m_failures.remove(k);
        return;
    }
    ++s->counts.failed;
    if (refName.isEmpty())
        return; // cannot be matched with a retry: stays final
    if (!m_failures.contains(k))
        m_failureOrder.push_back(k);
    m_failures.insert(k, Failure{index, retryCount});
    while (qsizetype(m_failureOrder.size()) > m_trackedFailures) {
        m_failures.remove(m_failureOrder.front());
        m_failureOrder.pop_front();
    }
}

RemoteTaskRecord::Counts RemoteTaskRecord::window(qint64 windowMs, qint64 nowMs) const
{
    const qint64 last = floorDiv(nowMs, m_sliceMs);
    const qint64 first = std::max(floorDiv(nowMs - std::max<qint64>(0, windowMs), m_sliceMs),
                                  last - qint64(m_ring.size()) + 2);
    Counts c;
    QMutexLocker lock(&m_mutex);
    for (const Slice &s : m_ring) {
        if (s.index < first || s.index > last)
            continue;
        c.completed += s.counts.completed;
        c.failed += s.counts.failed;
        c.retried += s.counts.retried;
        c.retries += s.counts.retries;
    }
    return c;
}

} // namespace orrery
