#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace orrery::bench {

// Fills a fresh store for bench_memory: `completedWorkflows` COMPLETED workflows of
// `tasksPerWorkflow` COMPLETED tasks each, plus `queuedWorkflows` RUNNING workflows whose first
// task is SCHEDULED (a queue backlog no worker has polled yet). Rows are made by the store's own
// RowCodec (the exact columns and JSON the engine writes) and inserted with direct multi-row
// INSERTs in transactions of `rowsPerTransaction` rows, after Store::open has applied the
// migrations. Task and workflow definitions (and the definition snapshot) are stored too, so
// orreryd recovers the RUNNING workflows as it would its own.
class BenchStoreFiller
{
public:
    struct Options
    {
        QString url;                  // sqlite:/path or postgresql://...
        qint64 completedWorkflows = 500000;
        int tasksPerWorkflow = 2;
        qint64 queuedWorkflows = 100000;
        int rowsPerTransaction = 50000;
        qint64 nowMs = 0;             // completed tasks end within the 30 days before it
    };
    struct Figures
    {
        qint64 workflows = 0;
        qint64 tasks = 0;
        qint64 jsonBytes = 0;         // of every json column written
        double seconds = 0;
    };

    static QStringList taskTypes(int tasksPerWorkflow);
    static QString workflowName() { return QStringLiteral("bench_order"); }
    static Result<Figures> fill(const Options &options);
};

} // namespace orrery::bench
