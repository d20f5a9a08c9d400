#pragma once

#include "core/Task.h"
#include "workers/TaskOutcome.h"

#include <QObject>

namespace orrery {

class EngineCore;
class WorkerPool;

// Connects the engine's local hand-outs to the local worker pool and the pool's outcomes back
// to the engine, in batches, converting between the engine's Task/TaskResult and the pool's
// TaskAssignment/TaskOutcome. Local workers are ordinary workers of the task queues: remote
// pollers of the same types compete with them.
class LocalWorkerBridge : public QObject
{
    Q_OBJECT

public:
    LocalWorkerBridge(EngineCore *core, WorkerPool *pool, QObject *parent = nullptr);

    // Offers every type the pool's registry knows, each with `capacityPerType` slots
    // (0 = local workers disabled).
    void enableAllTypes(int capacityPerType);

    static TaskResult toResult(const TaskOutcome &outcome);

private:
    void dispatch(const QList<Task> &tasks);
    void deliver(const QList<TaskOutcome> &outcomes);

    EngineCore *m_core;
    WorkerPool *m_pool;
};

} // namespace orrery
