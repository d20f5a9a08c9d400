#include "StoreMetrics.h"

namespace orrery {

int StoreMetrics::addCollector(Collector collector)
{
    QMutexLocker lock(&m_mutex);
    const int id = m_nextId++;
    m_collectors.append({id, std::move(collector)});
    return id;
}

void StoreMetrics::removeCollector(int id)
{
    QMutexLocker lock(&m_mutex);
    m_collectors.removeIf([id](const auto &c) { return c.first == id; });
}

void StoreMetrics::write(QueryExecutor::Connection &connection, MetricsWriter &writer) const
{
    QList<QPair<int, Collector>> collectors;
    {
        QMutexLocker lock(&m_mutex);
        collectors = m_collectors;
    }
    for (const auto &c : std::as_const(collectors))
        c.second(connection, writer);
}

} // namespace orrery
