#pragma once

#include "core/Result.h"
#include "core/Task.h"
#include "core/Workflow.h"

#include <QByteArray>
#include <vector>

namespace orrery {

// The inputs of a workflow run that only waits (its tasks queued for a worker), held as one
// compact UTF-8 JSON text instead of QJsonObject trees: a ~300-byte order input is ~2.4 KB as a
// parsed QJsonObject and ~360 bytes as text (issue 15, bench_memory: 100,000 queued workflows
// after a restart). The engine parks runs it recovers and restores a run's inputs when it is
// next touched (EngineCore::runOf), so nothing else ever sees a parked run.
//
// The text is a JSON array: the workflow input, then each task's inputData in task order.
// Restoring gives back equal objects (same keys, values, types, order of arrays; integers stay
// integers up to qint64, doubles round-trip exactly), and task input values that were equal to a
// workflow input value share its container again (RecoverySharing), as after a plain recovery.
class ParkedInputs
{
public:
    // Moves the workflow input and the tasks' inputData into the text and clears them.
    static QByteArray park(Workflow &wf, std::vector<Task> &tasks);
    // Puts back what park() took. Fails (changing nothing) if the text is not park()'s for as
    // many tasks, naming the workflow.
    static Result<void> restore(const QByteArray &text, Workflow &wf, std::vector<Task> &tasks);
};

} // namespace orrery
