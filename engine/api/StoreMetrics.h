#pragma once

#include "QueryExecutor.h"

#include <QList>
#include <QMutex>
#include <QPair>
#include <functional>

namespace orrery {

class MetricsWriter;

// The collectors of /metrics that read the store: a module registers one for the tables it owns
// (the DLQ module for dlq_entries). They run at scrape time on the API query thread that serves
// the scrape, with its database connection, after StoreFigures and before the MetricsRegistry's
// families. Keep each to one cheap query (an index scan, no JSON); on a failed query set
// `connection.failed` and write the family without samples. Thread-safe; remove on stop.
class StoreMetrics
{
public:
    using Collector = std::function<void(QueryExecutor::Connection &connection, MetricsWriter &writer)>;

    int addCollector(Collector collector);
    void removeCollector(int id);
    void write(QueryExecutor::Connection &connection, MetricsWriter &writer) const;

private:
    mutable QMutex m_mutex;
    QList<QPair<int, Collector>> m_collectors;
    int m_nextId = 1;
};

} // namespace orrery
