#include "DlqMetrics.h"

#include "api/MetricsWriter.h"
#include "recovery/DeadLetterEntry.h"
#include "recovery/DlqTable.h"

namespace orrery {

void DlqMetrics::write(QueryExecutor::Connection &connection, MetricsWriter &writer)
{
    const QString name = QLatin1String(kEntries);
    writer.family(name, QStringLiteral("gauge"),
                  QStringLiteral("Dead-letter queue entries held in the store, by task type and status: DEAD waits "
                                 "for an operator (replay or purge), REPLAYING is being replayed, REPLAYED was "
                                 "replayed and is kept with its history until purged or expired."));
    DlqTable table(connection.db, *connection.backend);
    const auto counts = table.countsByTypeAndStatus();
    if (!counts.ok()) {
        connection.failed = true;
        qWarning("metrics: %s", qPrintable(counts.error().message));
        return;
    }
    using Status = DeadLetterEntry::Status;
    for (auto type = counts->cbegin(); type != counts->cend(); ++type) {
        for (Status s : {Status::Dead, Status::Replaying, Status::Replayed}) {
            const QString status = DeadLetterEntry::statusName(s);
            writer.sample(name, {{QStringLiteral("task_type"), type.key()}, {QStringLiteral("status"), status}},
                          double(type->value(status)));
        }
    }
}

} // namespace orrery
