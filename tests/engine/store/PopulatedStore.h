#pragma once

#include "core/Result.h"

#include <QMap>
#include <QString>

namespace orrery::test {

// Fills a store with rows in every table the migrations create, through the engine's own code:
// Store (workflows with definition snapshots, tasks, task logs, task and workflow definitions,
// tokens), DlqTable (entries, counters), SqlJobStore (jobs, runs) and AuditLog (audit rows).
// Ids start with `prefix`, so two fills of one store do not collide.
class PopulatedStore
{
public:
    struct Size
    {
        int workflows = 12;
        int tasksPerWorkflow = 5;
        int logsPerTask = 2;
    };

    static Result<void> fill(const QString &url, const QString &prefix, Size size);
    static Result<void> fill(const QString &url, const QString &prefix) { return fill(url, prefix, Size{}); }
    static QString workflowId(const QString &prefix, int i);
    static QString taskId(const QString &prefix, int workflow, int task);

    // "rows:sha256" of every table (StoreSchema), read in key order: equal maps = equal stores.
    static Result<QMap<QString, QString>> digests(const QString &url);
    // Rows of one table.
    static Result<qint64> rowCount(const QString &url, const QString &table);
    // Runs one statement on the store's database (tests break or inspect it from outside).
    static Result<void> execSql(const QString &url, const QString &sql);
};

} // namespace orrery::test
