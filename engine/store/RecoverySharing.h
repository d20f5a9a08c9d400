#pragma once

#include "core/Task.h"
#include "core/Workflow.h"

#include <QSet>

namespace orrery {

// Start-up recovery parses every active workflow and its tasks from their own JSON rows, so a
// task input resolved from ${workflow.input.x} becomes a second copy of the same tree; a live
// engine shares one (ParameterResolver copies the QJsonValue, Qt shares the container). With
// 100,000 queued workflows those copies were ~125 MB of orreryd's RSS (bench_memory, issue 15).
// This puts the sharing back: a task input value (object or array) equal to a workflow input
// value is replaced by that value, which shares its container (compared by compact JSON).
// Likewise the strings a task repeats from its workflow (id, name, correlation and project id)
// and the names every task of a type repeats (type, definition, reference, worker) share one
// QString each (another ~60 MB). Nothing changes in what the objects hold.
class RecoverySharing
{
public:
    // One pass of loadActiveWorkflows: the pool of names seen so far.
    struct Pool
    {
        QSet<QString> strings;
        void intern(QString &s);
    };

    static void shareWithWorkflow(const Workflow &wf, Task &task, Pool &pool);
    static void shareNames(Workflow &wf, Pool &pool);
};

} // namespace orrery
