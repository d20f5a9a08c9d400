#pragma once

#include "api/QueryExecutor.h"

namespace orrery {

class MetricsWriter;

// orrery_dlq_entries{task_type, status} of /metrics: the dead-letter queue's entries held in the
// store, read at scrape time (a StoreMetrics collector of the DLQ module) with one GROUP BY on
// the (task_type, status) index. Every task type that has an entry gets all three statuses, 0
// included, so a replayed type's DEAD series drops to 0 instead of vanishing. Label values are
// bounded: statuses by the DLQ model, task types by the task definitions (the DLQ's size limit,
// maxEntries, bounds the table itself).
class DlqMetrics
{
public:
    static constexpr auto kEntries = "orrery_dlq_entries";

    static void write(QueryExecutor::Connection &connection, MetricsWriter &writer);
};

} // namespace orrery
