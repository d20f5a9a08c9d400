#include "EngineCore.h"

#include "store/Store.h"
#include "workflow/DefinitionChecker.h"
#include "workflow/ParkedInputs.h"
#include "workflow/systemtasks/SystemTask.h"

#include <QThreadPool>
#include "core/TimeOrderedId.h"

#include <QUuid>

namespace orrery {

namespace {
QString newId() { return TimeOrderedId::next(); } // time-ordered: see TimeOrderedId
} // namespace

EngineCore::EngineCore(Store *store, const EngineConfig &config, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(config)
    , m_clock(config.clock ? config.clock : SystemClock::instance())
    , m_rng(config.randomSeed ? config.randomSeed : QRandomGenerator::global()->generate())
    , m_metadata(store, *m_clock)
    , m_decider(m_metadata.registry(), *m_clock, m_rng,
                [this](const QString &type, const QString &domains) { return chooseDomain(type, domains); })
    , m_timer(this)
{
    m_decider.setHost(this);
    m_held = config.holdUntilReleased;
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &EngineCore::processDue);
}

EngineCore::~EngineCore() = default;

Result<void> EngineCore::load()
{
    if (auto r = m_metadata.load(); !r.ok())
        return r;
    auto active = m_store->loadActiveWorkflows();
    if (!active.ok())
        return active.error();
    const qint64 now = m_clock->nowMs();
    for (WorkflowRecord &rec : active.value()) {
        auto run = std::make_unique<WorkflowRun>();
        run->wf = std::move(rec.workflow);
        if (!run->wf.definition)
            run->wf.definition = m_metadata.registry().workflowDef(run->wf.workflowName, run->wf.workflowVersion);
        for (Task &t : rec.tasks) {
            run->byTaskId.insert(t.taskId, int(run->tasks.size()));
            run->tasks.push_back(std::move(t));
        }
        QSet<QString> retriedIds;
        for (const Task &t : run->tasks)
            if (!t.retriedTaskId.isEmpty())
                retriedIds.insert(t.retriedTaskId);
        for (size_t i = 0; i < run->tasks.size(); ++i) {
            Task &t = run->tasks[i];
            m_taskToWorkflow.insert(t.taskId, run->wf.workflowId);
            if (Decider::isSkipPlaceholder(t)) {
                t.executed = true; // passes its turn on when it comes (Decider::scheduleChild)
                continue;
            }
            if (isTerminal(t.status)) {
                // Re-examine every ended task: the crash may have split a decision across two
                // commits. The decider never schedules a ref twice, so this is idempotent.
                if (t.retried && !retriedIds.contains(t.taskId))
                    t.retried = false;
                if (!t.retried)
                    t.executed = false;
                continue;
            }
            if (const SystemTask *system = Decider::systemTask(t.workflowTask.value(QStringLiteral("type")).toString());
                system && !system->queued())
                continue; // run by the decider (recover() below), not by workers
            if (t.status == TaskStatus::InProgress) {
                if (t.workerId == QLatin1String(kLocalWorkerId)) {
                    // Its local worker died with the process: deliver it again (at least once).
                    t.status = TaskStatus::Scheduled;
                    t.callbackAfterSeconds = 0;
                    m_store->saveTask(t);
                    enqueue(t, now);
                } else {
                    ++m_inProgressByDef[t.taskDefName];
                    if (t.responseTimeoutSeconds > 0)
                        m_leases.arm(t.taskId, t.updateTime + (t.responseTimeoutSeconds + t.callbackAfterSeconds) * 1000);
                }
                continue;
            }
            enqueue(t, std::max(t.scheduledTime, t.updateTime) + t.callbackAfterSeconds * 1000);
        }
        WorkflowRun &ref = *run;
        m_runs.emplace(run->wf.workflowId, std::move(run));
        if (!ref.wf.idempotencyKey.isEmpty())
            m_idempotencyKeys.insert(ref.wf.idempotencyKey, ref.wf.workflowId);
        armWorkflowTimeout(ref);
        Decision d;
        m_decider.recover(ref, d);
        if (ref.wf.status == WorkflowStatus::Running)
            m_decider.decide(ref, d);
        apply(ref, d);
        // What it waits for (a worker's poll, a timer) finds it through runOf, which restores them.
        if (ref.terminalSinceMs == 0 && (ref.wf.status == WorkflowStatus::Running || ref.wf.status == WorkflowStatus::Paused))
            ref.parkedInputs = ParkedInputs::park(ref.wf, ref.tasks);
    }
    armTimer();
    return {};
}

int EngineCore::activeWorkflowCount() const { return int(m_runs.size()) - int(m_terminal.size()); }

void EngineCore::answerAfterCommit(Reply<QString> reply, const QString &value)
{
    m_store->whenCommitted([reply = std::move(reply), value](Result<void> r) {
        if (r.ok())
            reply(value);
        else
            reply(r.error());
    });
}

WorkflowRun *EngineCore::runOf(const QString &workflowId)
{
    auto it = m_runs.find(workflowId);
    if (it == m_runs.end())
        return nullptr;
    WorkflowRun *run = it->second.get();
    if (!run->parkedInputs.isEmpty()) {
        // Touched again: its inputs become objects for good (until it ends and is evicted).
        if (auto r = ParkedInputs::restore(run->parkedInputs, run->wf, run->tasks); !r.ok())
            qCritical().noquote() << r.error().message;
        run->parkedInputs.clear();
    }
    return run;
}

WorkflowRun *EngineCore::runOfTask(const QString &taskId, Task **task)
{
    auto it = m_taskToWorkflow.constFind(taskId);
    if (it == m_taskToWorkflow.constEnd())
        return nullptr;
    WorkflowRun *run = runOf(*it);
    if (run)
        *task = run->find(taskId);
    return run && *task ? run : nullptr;
}

void EngineCore::persist(const WorkflowRun &run, int taskIndex)
{
    m_store->saveTask(run.tasks[size_t(taskIndex)]);
}

void EngineCore::enqueue(const Task &t, qint64 visibleAt)
{
    const QString queue = TaskQueues::queueName(t.taskType, t.domain);
    const qint64 now = m_clock->nowMs();
    m_queues.push(queue, t.taskId, t.workflowPriority, visibleAt, now);
    if (visibleAt <= now)
        serveQueue(queue);
    else
        armTimer();
}

void EngineCore::apply(WorkflowRun &run, const Decision &d)
{
    QSet<int> saved;
    for (int i : d.changed) {
        if (saved.contains(i))
            continue;
        saved.insert(i);
        persist(run, i);
    }
    for (int i : d.canceled) {
        const Task &t = run.tasks[size_t(i)];
        m_queues.remove(t.taskId);
        if (m_leases.isArmed(t.taskId))
            leftInProgress(t);
        m_leases.disarm(t.taskId);
        m_attemptTimeouts.disarm(t.taskId);
        emitEvent(QStringLiteral("task_canceled"), t);
        if (t.taskType == QLatin1String("SUB_WORKFLOW") && !t.subWorkflowId.isEmpty())
            terminateChildLater(t.subWorkflowId, QStringLiteral("Parent workflow %1 ended: task %2 was canceled")
                                                      .arg(run.wf.workflowId, t.referenceTaskName));
    }
    for (const Decision::DeadLetter &dl : d.deadLettered) {
        const Task &t = run.tasks[size_t(dl.index)];
        QList<Task> attempts;
        for (const Task &a : run.tasks)
            if (a.referenceTaskName == t.referenceTaskName && a.seq <= t.seq)
                attempts.append(a);
        if (m_held)
            m_heldDeadLetters.append(HeldDeadLetter{t, attempts, dl.reasonClass, dl.message});
        else
            Q_EMIT taskDeadLettered(t, attempts, dl.reasonClass, dl.message);
    }
    for (int i : d.started) {
        const Task &t = run.tasks[size_t(i)];
        m_taskToWorkflow.insert(t.taskId, run.wf.workflowId);
        emitEvent(QStringLiteral("task_created"), t);
    }
    for (int i : d.scheduled) {
        const Task &t = run.tasks[size_t(i)];
        m_taskToWorkflow.insert(t.taskId, run.wf.workflowId);
        emitEvent(t.retryCount > 0 ? QStringLiteral("task_retry_scheduled") : QStringLiteral("task_created"), t);
        enqueue(t, t.scheduledTime + t.callbackAfterSeconds * 1000);
        if (const TaskDef *def = m_metadata.registry().taskDef(t.taskDefName); def && def->pollTimeoutSeconds.value_or(0) > 0)
            m_pollTimeouts.arm(t.taskId, t.scheduledTime + (t.startDelayInSeconds + *def->pollTimeoutSeconds + t.callbackAfterSeconds) * 1000);
    }
    if (d.workflowChanged || d.workflowEnded) {
        run.wf.updateTime = m_clock->nowMs();
        m_store->saveWorkflow(run.wf);
        if (!d.workflowEnded && run.wf.definition && run.wf.definition->timeoutSeconds > 0)
            armWorkflowTimeout(run); // restart, rerun, retry and resume count from lastRetriedTime
    }
    if (d.workflowEnded) {
        run.terminalSinceMs = m_clock->nowMs();
        m_terminal.emplace_back(run.terminalSinceMs, run.wf.workflowId);
        static const QHash<WorkflowStatus, QString> names = {
            {WorkflowStatus::Completed, QStringLiteral("workflow_completed")},
            {WorkflowStatus::Failed, QStringLiteral("workflow_failed")},
            {WorkflowStatus::TimedOut, QStringLiteral("workflow_timed_out")},
            {WorkflowStatus::Terminated, QStringLiteral("workflow_terminated")}};
        emitWorkflowEvent(names.value(run.wf.status), run.wf);
        Q_EMIT workflowEnded(run.wf.workflowId, run.wf.correlationId, toString(run.wf.status));
        m_workflowTimeouts.disarm(run.wf.workflowId);
        afterWorkflowEnded(run, d.endedByEngine);
        armTimer();
    }
}

void EngineCore::startWorkflow(StartWorkflowRequest request, Reply<QString> reply)
{
    if (m_draining) {
        reply(Error::unavailable(QStringLiteral("The engine is shutting down; start the workflow again later.")));
        return;
    }
    auto started = createRun(request, ChildOf());
    if (!started.ok()) {
        reply(started.error());
        return;
    }
    answerAfterCommit(std::move(reply), started.value());
}

Result<QString> EngineCore::createRun(const StartWorkflowRequest &request, const ChildOf &parent)
{
    WorkflowDefPtr def;
    if (request.workflowDef) {
        if (auto checked = DefinitionChecker::validate(*request.workflowDef); !checked.ok())
            return checked.error();
        auto inlineDef = std::make_shared<WorkflowDef>(*request.workflowDef);
        inlineDef->computeSnapshotId();
        def = std::move(inlineDef);
    } else {
        def = m_metadata.registry().workflowDef(request.name, request.version);
        if (!def)
            return Error::notFound(QStringLiteral("No such workflow defined. name=%1, version=%2")
                                       .arg(request.name, request.version ? QString::number(*request.version) : QStringLiteral("null")));
    }
    if (const QStringList unsupported = Decider::unsupportedTypes(*def); !unsupported.isEmpty())
        return Error::invalid(QStringLiteral("Workflow %1 uses task types this engine does not run: %2")
                                  .arg(def->name, unsupported.join(QLatin1String(", "))));
    if (!request.idempotencyKey.isEmpty()) {
        if (auto existing = idempotentStart(request, *def); !existing.ok() || !existing.value().isEmpty())
            return existing;
    }
    const qint64 now = m_clock->nowMs();
    auto run = std::make_unique<WorkflowRun>();
    Workflow &wf = run->wf;
    wf.workflowId = parent.childId.isEmpty() ? newId() : parent.childId;
    wf.workflowName = def->name;
    wf.workflowVersion = def->version;
    wf.definition = def;
    wf.input = request.input;
    for (auto it = def->inputTemplate.begin(); it != def->inputTemplate.end(); ++it)
        if (!wf.input.contains(it.key()))
            wf.input.insert(it.key(), it.value());
    wf.variables = def->variables;
    wf.correlationId = request.correlationId.isEmpty() ? QString() : request.correlationId;
    wf.projectId = request.projectId.isEmpty() ? def->projectId : request.projectId;
    wf.priority = request.priority;
    wf.taskToDomain = request.taskToDomain;
    wf.createdBy = request.createdBy.isEmpty() ? QString() : request.createdBy;
    wf.idempotencyKey = request.idempotencyKey;
    wf.parentWorkflowId = parent.workflowId.isEmpty() ? QString() : parent.workflowId;
    wf.parentWorkflowTaskId = parent.taskId.isEmpty() ? QString() : parent.taskId;
    wf.createTime = now;
    wf.updateTime = now;
    WorkflowRun &ref = *run;
    m_runs.emplace(wf.workflowId, std::move(run));
    if (!wf.idempotencyKey.isEmpty())
        m_idempotencyKeys.insert(wf.idempotencyKey, wf.workflowId);
    armWorkflowTimeout(ref);

    Decision d;
    emitWorkflowEvent(QStringLiteral("workflow_started"), ref.wf);
    m_decider.start(ref, d);
    d.workflowChanged = true;
    apply(ref, d);
    return ref.wf.workflowId;
}

void EngineCore::readFromStore(std::function<void()> job)
{
    // Reads of evicted (finished) executions go to a pool thread with its own connection, so the
    // engine thread never waits on the database.
    QThreadPool::globalInstance()->start(std::move(job));
}

void EngineCore::workflow(const QString &workflowId, bool includeTasks, Reply<QJsonObject> reply)
{
    if (WorkflowRun *run = runOf(workflowId)) {
        reply(run->wf.toJson(includeTasks ? run->taskList() : QList<Task>()));
        return;
    }
    Store *store = m_store;
    readFromStore([store, workflowId, includeTasks, reply = std::move(reply)] {
        auto rec = store->loadWorkflow(workflowId);
        if (!rec.ok())
            reply(rec.error());
        else if (!rec.value())
            reply(Error::notFound(QStringLiteral("Workflow with id: %1 not found.").arg(workflowId)));
        else
            reply(rec.value()->workflow.toJson(includeTasks ? rec.value()->tasks : QList<Task>()));
    });
}

void EngineCore::task(const QString &taskId, Reply<QJsonObject> reply)
{
    Task *t = nullptr;
    if (runOfTask(taskId, &t)) {
        reply(t->toJson());
        return;
    }
    Store *store = m_store;
    readFromStore([store, taskId, reply = std::move(reply)] {
        auto rec = store->loadTask(taskId);
        if (!rec.ok())
            reply(rec.error());
        else if (!rec.value())
            reply(Error::notFound(QStringLiteral("Task not found for taskId: %1").arg(taskId)));
        else
            reply(rec.value()->toJson());
    });
}

} // namespace orrery
