#pragma once

#include "core/Task.h"
#include "recovery/ErrorClassifier.h"
#include "workers/TaskOutcome.h"

#include <QObject>
#include <memory>

namespace orrery {

class EngineCore;
class WorkerPool;

// Connects the engine's local hand-outs to the local worker pool and the pool's outcomes back
// to the engine, in batches, converting between the engine's Task/TaskResult and the pool's
// TaskAssignment/TaskOutcome. Local workers are ordinary workers of the task queues: remote
// pollers of the same types compete with them.
//
// Recovery on this path (docs/recovery.md, "Local tasks"), on the engine thread:
//  - before a task goes to the pool, its circuit breakers (TaskGuard: "http:<host>" for `http`
//    tasks, "task:<name>" when its TaskDef has a `breaker` object) must let it through; a task
//    they refuse goes back to its queue as IN_PROGRESS with callbackAfterSeconds = the time
//    until the breaker lets calls through again (the same taskId: no attempt is charged);
//  - a failure is classified with the TaskDef's terminalErrors / transientErrors and the
//    built-in rules: FAILED becomes FAILED_WITH_TERMINAL_ERROR when terminal, and
//    FAILED_WITH_TERMINAL_ERROR becomes FAILED when a transientErrors entry matches; the
//    verdict is added to outputData.error (errorClass, classifiedBy);
//  - the outcome is recorded on the breakers the task held (a terminal failure does not count).
// The breakers are the engine core's shared BreakerRegistry (BreakerRegistry::attachedTo).
class LocalWorkerBridge : public QObject
{
    Q_OBJECT

public:
    LocalWorkerBridge(EngineCore *core, WorkerPool *pool, QObject *parent = nullptr);
    ~LocalWorkerBridge() override;

    // Local slots of each of Conductor's queued system task types (HTTP, INLINE,
    // JSON_JQ_TRANSFORM) at least, whatever capacityPerType says.
    static constexpr int kSystemTaskCapacity = 8;

    // Offers every type the pool's registry knows, each with `capacityPerType` slots
    // (0 = local workers disabled, but for the queued system task types).
    void enableAllTypes(int capacityPerType);

    static TaskResult toResult(const TaskOutcome &outcome);
    // The worker's failure in the terms of the error classifier.
    static FailureFacts factsOf(const TaskOutcome &outcome);
    // Applies a classification to a failed result (see above).
    static void applyClassification(TaskResult &result, const ErrorClassifier::Classification &verdict);

private:
    struct EngineSide;

    void dispatch(const QList<Task> &tasks);
    void deliver(const QList<TaskOutcome> &outcomes);

    EngineCore *m_core;
    WorkerPool *m_pool;
    std::shared_ptr<EngineSide> m_side; // used on the engine thread only
};

} // namespace orrery
