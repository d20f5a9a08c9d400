#include "LocalWorkerBridge.h"

#include "recovery/BreakerRegistry.h"
#include "recovery/TaskGuard.h"
#include "workers/OutcomeResult.h"
#include "workers/WorkerPool.h"
#include "workflow/EngineCore.h"

#include <QJsonObject>
#include <QSet>

namespace orrery {

// What the bridge keeps on the engine thread. Shared with the lambdas queued there, so a late
// outcome never touches a destroyed bridge.
struct LocalWorkerBridge::EngineSide
{
    EngineCore *core = nullptr;
    std::unique_ptr<TaskGuard> guard;
    QSet<QString> waiting; // tasks refused by a breaker since they last ran (logged once)

    TaskGuard &taskGuard()
    {
        if (!guard)
            guard = std::make_unique<TaskGuard>(BreakerRegistry::attachedTo(core, &core->clock()));
        return *guard;
    }
    const TaskDef *taskDef(const QString &name) { return core->metadata().registry().taskDef(name); }
};

namespace {

struct Failure
{
    int index = 0;           // into the results of the batch
    FailureFacts facts;
    QString taskType;
    QString errorCode;       // the worker's own code
};

bool neverRan(const QString &errorCode)
{
    return errorCode == QLatin1String("pool_stopped") || errorCode == QLatin1String("canceled");
}

} // namespace

LocalWorkerBridge::LocalWorkerBridge(EngineCore *core, WorkerPool *pool, QObject *parent)
    : QObject(parent), m_core(core), m_pool(pool), m_side(std::make_shared<EngineSide>())
{
    m_side->core = core;
    // Both run on the emitter's thread: submit() and completeLocal() marshal themselves.
    connect(core, &EngineCore::localTasksReady, this, [this](const QList<Task> &tasks) { dispatch(tasks); },
            Qt::DirectConnection);
    connect(pool, &WorkerPool::finished, this, [this](const QList<TaskOutcome> &outcomes) { deliver(outcomes); },
            Qt::DirectConnection);
}

LocalWorkerBridge::~LocalWorkerBridge() = default;

void LocalWorkerBridge::enableAllTypes(int capacityPerType)
{
    const QStringList types = m_pool->registry().types();
    EngineCore *core = m_core;
    QMetaObject::invokeMethod(core, [core, types, capacityPerType] {
        for (const QString &type : types) {
            // Conductor runs its system tasks on the server: they stay local even when local
            // workers are off for everything else.
            const bool system = type == QLatin1String("HTTP") || type == QLatin1String("INLINE")
                                || type == QLatin1String("JSON_JQ_TRANSFORM");
            core->setLocalCapacity(type, system ? std::max(capacityPerType, kSystemTaskCapacity) : capacityPerType);
        }
    }, Qt::QueuedConnection);
}

void LocalWorkerBridge::dispatch(const QList<Task> &tasks)
{
    // On the engine thread (localTasksReady).
    EngineSide &side = *m_side;
    QList<TaskAssignment> batch;
    QList<TaskResult> waiting;
    batch.reserve(tasks.size());
    for (const Task &t : tasks) {
        const TaskGuard::Admission admission =
            side.taskGuard().admit(t.taskId, t.taskType, t.inputData, side.taskDef(t.taskDefName));
        if (!admission.allowed) {
            TaskResult r;
            r.taskId = t.taskId;
            r.workerId = QString::fromLatin1(EngineCore::kLocalWorkerId);
            r.status = TaskStatus::InProgress;
            r.callbackAfterSeconds = std::max<qint64>(1, (admission.retryAfterMs + 999) / 1000);
            if (!side.waiting.contains(t.taskId)) { // one log line per wait, not per look
                if (side.waiting.size() >= 100000) // tasks ended elsewhere while waiting: forget them
                    side.waiting.clear();
                side.waiting.insert(t.taskId);
                r.logs.append(TaskLog{t.taskId,
                                      QStringLiteral("circuit breaker %1 is %2: the task waits (%3 s, then again while "
                                                     "it stays open) without using an attempt")
                                          .arg(admission.breaker, admission.state)
                                          .arg(r.callbackAfterSeconds),
                                      side.core->clock().nowMs()});
            }
            waiting.append(r);
            continue;
        }
        if (!side.waiting.isEmpty())
            side.waiting.remove(t.taskId);
        batch.append(TaskAssignment{t.taskId, t.workflowInstanceId, t.taskType, t.inputData, t.retryCount,
                                    t.responseTimeoutSeconds * 1000});
    }
    if (!batch.isEmpty())
        m_pool->submit(std::move(batch));
    if (!waiting.isEmpty()) {
        // Later, not from inside the engine's hand-out: back to the queue, hidden for a while.
        EngineCore *core = m_core;
        QMetaObject::invokeMethod(core, [core, waiting] { core->completeLocal(waiting); }, Qt::QueuedConnection);
    }
}

FailureFacts LocalWorkerBridge::factsOf(const TaskOutcome &o)
{
    return OutcomeResult::factsOf(o);
}

void LocalWorkerBridge::applyClassification(TaskResult &r, const ErrorClassifier::Classification &verdict)
{
    OutcomeResult::applyClassification(r, verdict);
}

TaskResult LocalWorkerBridge::toResult(const TaskOutcome &o)
{
    return OutcomeResult::toResult(o, QString::fromLatin1(EngineCore::kLocalWorkerId));
}

void LocalWorkerBridge::deliver(const QList<TaskOutcome> &outcomes)
{
    // On a pool thread: convert here, classify and record on the engine thread (task definitions
    // and breakers live there).
    QList<TaskResult> results;
    QList<Failure> failures;
    results.reserve(outcomes.size());
    for (const TaskOutcome &o : outcomes) {
        results.append(toResult(o));
        if (!o.isSuccess())
            failures.append(Failure{int(results.size()) - 1, factsOf(o), o.taskType, o.failure.errorCode});
    }
    std::shared_ptr<EngineSide> side = m_side;
    QMetaObject::invokeMethod(side->core, [side, results = std::move(results), failures = std::move(failures)]() mutable {
        TaskGuard &guard = side->taskGuard();
        int next = 0; // failures are in result order
        for (int i = 0; i < results.size(); ++i) {
            TaskResult &r = results[i];
            if (next < failures.size() && failures[next].index == i) {
                const Failure &f = failures[next++];
                const ErrorClassifier::Classification verdict = guard.classify(side->taskDef(f.taskType), f.facts);
                applyClassification(r, verdict);
                if (!guard.isGuarded(r.taskId))
                    continue;
                if (neverRan(f.errorCode))
                    guard.forget(r.taskId);
                else
                    guard.recordFailure(r.taskId, !verdict.isTerminal(), r.reasonForIncompletion.left(200));
            } else if (guard.guardedCount() > 0 && guard.isGuarded(r.taskId)) {
                guard.recordSuccess(r.taskId);
            }
        }
        side->core->completeLocal(results);
    }, Qt::QueuedConnection);
}

} // namespace orrery
