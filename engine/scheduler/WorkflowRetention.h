#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QStringList>

namespace orrery {

class Store;

// Retention of finished executions, the "cleanup" built-in job action: deletes workflows in the
// given statuses that ended before cutoffMs, with their tasks and task logs, in batches (one
// transaction each), on a module connection owned by the calling thread (opened and closed here).
// The dead-letter queue has its own retention (its module), which this does not touch.
class WorkflowRetention
{
public:
    static QStringList defaultStatuses() { return {QStringLiteral("COMPLETED"), QStringLiteral("FAILED")}; }
    // How long a cleanup target keeps finished executions, in ms: its input's retentionSeconds
    // when given (for short-lived stores: soak runs, demos), else retentionDays (default 30).
    // JobCodec refuses an input that gives both.
    static qint64 retentionMs(const QJsonObject &input);

    // -> {"workflows": n, "tasks": n, "taskLogs": n, "cutoffMs": ms, "statuses": [...]}
    static Result<QJsonObject> purge(Store *store, const QStringList &statuses, qint64 cutoffMs, int batchSize = 500);
};

} // namespace orrery
