#include "EngineCore.h"

#include "store/Store.h"

#include <QMetaMethod>
#include <QThreadPool>
#include <QUuid>

namespace orrery {

namespace {
constexpr qint64 kPostponeMs = 1000;            // over a concurrency/rate limit: try again in 1 s
constexpr int kMaxTerminalInMemory = 10'000;    // finished workflows kept for fast reads
constexpr qint64 kMinTerminalAgeMs = 5'000;     // never evict before the write-behind committed
constexpr qint64 kActiveWorkerWindowMs = 10'000; // spec §8.8
constexpr qint64 kLocalPersistDelayMs = 500;     // see m_deferredPersist

QString newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }
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
            if (isTerminal(t.status)) {
                // Re-examine every ended task: the crash may have split a decision across two
                // commits. The decider never schedules a ref twice, so this is idempotent.
                if (t.retried && !retriedIds.contains(t.taskId))
                    t.retried = false;
                if (!t.retried)
                    t.executed = false;
                continue;
            }
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
        if (ref.wf.status == WorkflowStatus::Running) {
            Decision d;
            m_decider.decide(ref, d);
            apply(ref, d);
        }
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
    return it == m_runs.end() ? nullptr : it->second.get();
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
    }
    for (const Decision::DeadLetter &dl : d.deadLettered) {
        const Task &t = run.tasks[size_t(dl.index)];
        QList<Task> attempts;
        for (const Task &a : run.tasks)
            if (a.referenceTaskName == t.referenceTaskName && a.seq <= t.seq)
                attempts.append(a);
        Q_EMIT taskDeadLettered(t, attempts, dl.reasonClass, dl.message);
    }
    for (int i : d.scheduled) {
        const Task &t = run.tasks[size_t(i)];
        m_taskToWorkflow.insert(t.taskId, run.wf.workflowId);
        emitEvent(t.retryCount > 0 ? QStringLiteral("task_retry_scheduled") : QStringLiteral("task_created"), t);
        enqueue(t, t.scheduledTime + t.callbackAfterSeconds * 1000);
    }
    if (d.workflowChanged || d.workflowEnded) {
        run.wf.updateTime = m_clock->nowMs();
        m_store->saveWorkflow(run.wf);
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
        armTimer();
    }
}

// ---------------------------------------------------------------- executions

void EngineCore::startWorkflow(StartWorkflowRequest request, Reply<QString> reply)
{
    if (m_draining) {
        reply(Error::unavailable(QStringLiteral("The engine is shutting down; start the workflow again later.")));
        return;
    }
    WorkflowDefPtr def;
    if (request.workflowDef) {
        auto inlineDef = std::make_shared<WorkflowDef>(*request.workflowDef);
        inlineDef->computeSnapshotId();
        def = std::move(inlineDef);
    } else {
        def = m_metadata.registry().workflowDef(request.name, request.version);
        if (!def) {
            reply(Error::notFound(QStringLiteral("No such workflow defined. name=%1, version=%2")
                                      .arg(request.name,
                                           request.version ? QString::number(*request.version) : QStringLiteral("null"))));
            return;
        }
    }
    if (const QStringList unsupported = Decider::unsupportedTypes(*def); !unsupported.isEmpty()) {
        reply(Error::invalid(QStringLiteral("Workflow %1 uses task types this engine does not run yet: %2 "
                                            "(supported: SIMPLE, including the local types shell, http, profile, noop)")
                                 .arg(def->name, unsupported.join(QLatin1String(", ")))));
        return;
    }
    const qint64 now = m_clock->nowMs();
    auto run = std::make_unique<WorkflowRun>();
    Workflow &wf = run->wf;
    wf.workflowId = newId();
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
    wf.createTime = now;
    wf.updateTime = now;
    WorkflowRun &ref = *run;
    m_runs.emplace(wf.workflowId, std::move(run));

    Decision d;
    m_decider.start(ref, d);
    d.workflowChanged = true;
    emitWorkflowEvent(QStringLiteral("workflow_started"), ref.wf);
    apply(ref, d);
    const QString id = ref.wf.workflowId;
    answerAfterCommit(std::move(reply), id);
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

// ---------------------------------------------------------------- worker API

bool EngineCore::admit(const Task &t)
{
    const TaskDef *def = m_metadata.registry().taskDef(t.taskDefName);
    if (!def)
        return true;
    if (def->concurrentExecLimit > 0 && m_inProgressByDef.value(t.taskDefName) >= def->concurrentExecLimit)
        return false;
    if (def->rateLimitPerFrequency > 0) {
        const qint64 now = m_clock->nowMs();
        std::deque<qint64> &window = m_rateWindows[t.taskDefName];
        const qint64 span = qint64(std::max(1, def->rateLimitFrequencyInSeconds)) * 1000;
        while (!window.empty() && window.front() <= now - span)
            window.pop_front();
        if (int(window.size()) >= def->rateLimitPerFrequency)
            return false;
        window.push_back(now);
    }
    return true;
}

void EngineCore::markInProgress(WorkflowRun &run, Task &t, const QString &workerId)
{
    const qint64 now = m_clock->nowMs();
    t.status = TaskStatus::InProgress;
    if (t.startTime == 0)
        t.startTime = now;
    if (t.firstStartTime == 0)
        t.firstStartTime = now;
    t.callbackAfterSeconds = 0;
    t.workerId = workerId;
    ++t.pollCount;
    t.updateTime = now;
    ++m_inProgressByDef[t.taskDefName];
    if (t.responseTimeoutSeconds > 0)
        m_leases.arm(t.taskId, now + t.responseTimeoutSeconds * 1000);
    const TaskDef def = m_decider.effectiveTaskDef(run, t);
    if (def.timeoutSeconds > 0 && !m_attemptTimeouts.isArmed(t.taskId))
        m_attemptTimeouts.arm(t.taskId, t.startTime + (t.startDelayInSeconds + def.timeoutSeconds) * 1000);
    if (workerId == QLatin1String(kLocalWorkerId))
        m_deferredPersist.arm(t.taskId, now + kLocalPersistDelayMs);
    else
        m_store->saveTask(t);
    emitEvent(QStringLiteral("task_started"), t);
}

void EngineCore::leftInProgress(const Task &t)
{
    auto it = m_inProgressByDef.find(t.taskDefName);
    if (it != m_inProgressByDef.end() && --*it <= 0)
        m_inProgressByDef.erase(it);
}

QList<Task> EngineCore::handOut(const QString &queue, const QString &workerId, int count)
{
    QList<Task> out;
    if (m_draining)
        return out;
    while (out.size() < count) {
        const QStringList ids = m_queues.pop(queue, count - out.size());
        if (ids.isEmpty())
            break;
        for (const QString &id : ids) {
            Task *t = nullptr;
            WorkflowRun *run = runOfTask(id, &t);
            if (!run || t->status != TaskStatus::Scheduled || isTerminal(run->wf.status))
                continue; // gone or moved on: dropped from the queue
            if (!admit(*t)) {
                m_queues.push(queue, id, t->workflowPriority, m_clock->nowMs() + kPostponeMs, m_clock->nowMs());
                continue;
            }
            markInProgress(*run, *t, workerId);
            out.append(*t);
        }
    }
    if (!out.isEmpty())
        armTimer();
    return out;
}

void EngineCore::poll(const QString &taskType, const QString &workerId, const QString &domain, int count,
                      int timeoutMs, Reply<QJsonArray> reply)
{
    const QString queue = TaskQueues::queueName(taskType, domain);
    const QString worker = workerId.isEmpty() ? QStringLiteral("unknown") : workerId;
    m_pollData[queue][worker] = PollInfo{worker, m_clock->nowMs()};
    const QList<Task> tasks = handOut(queue, worker, std::max(1, count));
    if (!tasks.isEmpty() || timeoutMs <= 0 || m_draining) {
        QJsonArray arr;
        for (const Task &t : tasks)
            arr.append(t.toJson());
        reply(arr);
        return;
    }
    const QString waiterId = QString::number(++m_nextWaiterId);
    m_waiters.insert(waiterId, Waiter{queue, worker, std::max(1, count), std::move(reply)});
    m_waitersByQueue[queue].append(waiterId);
    m_waiterDeadlines.arm(waiterId, m_clock->nowMs() + timeoutMs);
    armTimer();
}

void EngineCore::serveQueue(const QString &queue)
{
    auto wit = m_waitersByQueue.find(queue);
    while (wit != m_waitersByQueue.end() && !wit->isEmpty() && m_queues.readyCount(queue) > 0) {
        const QString waiterId = wit->takeFirst();
        auto w = m_waiters.find(waiterId);
        if (w == m_waiters.end())
            continue;
        const QList<Task> tasks = handOut(queue, w->workerId, w->count);
        if (tasks.isEmpty()) {
            wit->prepend(waiterId);
            break;
        }
        Waiter waiter = std::move(*w);
        m_waiters.erase(w);
        m_waiterDeadlines.disarm(waiterId);
        QJsonArray arr;
        for (const Task &t : tasks)
            arr.append(t.toJson());
        waiter.reply(arr);
        wit = m_waitersByQueue.find(queue);
    }
    if (m_localCapacity.contains(queue) && m_queues.readyCount(queue) > 0) {
        m_localDirty.insert(queue);
        scheduleLocalFlush();
    }
}

Result<void> EngineCore::applyResult(WorkflowRun &run, Task &t, const TaskResult &result)
{
    if (isTerminal(t.status) || isTerminal(run.wf.status)) {
        return Error::conflict(QStringLiteral("Task %1 is already %2%3; the result was not applied.")
                                   .arg(t.taskId, toString(t.status),
                                        isTerminal(run.wf.status) && !isTerminal(t.status)
                                            ? QStringLiteral(" in a %1 workflow").arg(toString(run.wf.status))
                                            : QString()));
    }
    if (t.status == TaskStatus::InProgress && !result.workerId.isEmpty() && !t.workerId.isEmpty()
        && result.workerId != t.workerId) {
        return Error::conflict(QStringLiteral("Task %1 is leased to worker '%2', not '%3'; the result was not applied.")
                                   .arg(t.taskId, t.workerId, result.workerId));
    }
    if (t.status == TaskStatus::Scheduled && result.status != TaskStatus::InProgress && !result.extendLease
        && t.pollCount > 0 && !result.workerId.isEmpty() && result.workerId != t.workerId) {
        return Error::conflict(QStringLiteral("Task %1 was handed back to its queue; the result of worker '%2' was not applied.")
                                   .arg(t.taskId, result.workerId));
    }
    const qint64 now = m_clock->nowMs();
    if (!result.logs.isEmpty()) {
        QList<TaskLog> logs = result.logs;
        for (TaskLog &l : logs) {
            l.taskId = t.taskId;
            if (l.createdTime == 0)
                l.createdTime = now;
        }
        m_store->appendTaskLogs(logs);
    }
    if (result.extendLease) {
        t.updateTime = now;
        if (t.status == TaskStatus::InProgress && t.responseTimeoutSeconds > 0)
            m_leases.arm(t.taskId, now + (t.responseTimeoutSeconds + t.callbackAfterSeconds) * 1000);
        m_store->saveTask(t);
        return {};
    }
    const bool wasInProgress = t.status == TaskStatus::InProgress;
    if (result.hasOutputData)
        t.outputData = result.outputData;
    if (!result.reasonForIncompletion.isEmpty())
        t.reasonForIncompletion = result.reasonForIncompletion;
    if (!result.workerId.isEmpty())
        t.workerId = result.workerId;
    t.callbackAfterSeconds = result.callbackAfterSeconds;
    t.updateTime = now;
    m_leases.disarm(t.taskId);
    m_deferredPersist.disarm(t.taskId);
    if (wasInProgress)
        leftInProgress(t);

    if (result.status == TaskStatus::InProgress) {
        // A worker task reported progress: back to its queue, hidden for callbackAfterSeconds.
        t.status = TaskStatus::Scheduled;
        m_store->saveTask(t);
        enqueue(t, now + t.callbackAfterSeconds * 1000);
        emitEvent(QStringLiteral("progress_update"), t);
        return {};
    }
    t.status = result.status;
    t.endTime = now;
    m_queues.remove(t.taskId);
    m_attemptTimeouts.disarm(t.taskId);
    m_store->saveTask(t);
    emitEvent(t.status == TaskStatus::Completed ? QStringLiteral("task_completed") : QStringLiteral("task_failed"), t);
    Decision d;
    m_decider.decide(run, d);
    apply(run, d);
    return {};
}

void EngineCore::updateTask(const TaskResult &result, Reply<QString> reply)
{
    Task *t = nullptr;
    WorkflowRun *run = runOfTask(result.taskId, &t);
    if (!run) {
        Store *store = m_store;
        const QString id = result.taskId;
        readFromStore([store, id, reply = std::move(reply)] {
            auto rec = store->loadTask(id);
            if (!rec.ok())
                reply(rec.error());
            else if (!rec.value())
                reply(Error::notFound(QStringLiteral("No such task found by id: %1").arg(id)));
            else
                reply(Error::conflict(QStringLiteral("Task %1 is already %2; the result was not applied.")
                                          .arg(id, toString(rec.value()->status))));
        });
        return;
    }
    if (auto r = applyResult(*run, *t, result); !r.ok()) {
        reply(r.error());
        return;
    }
    const QString id = result.taskId;
    answerAfterCommit(std::move(reply), id);
}

void EngineCore::updateTaskV2(const TaskResult &result, Reply<QJsonObject> reply)
{
    Task *t = nullptr;
    WorkflowRun *run = runOfTask(result.taskId, &t);
    QString queue;
    if (run)
        queue = TaskQueues::queueName(t->taskType, t->domain);
    updateTask(result, [this, queue, result, reply = std::move(reply)](Result<QString> r) mutable {
        if (!r.ok()) {
            reply(r.error());
            return;
        }
        if (result.status == TaskStatus::InProgress || queue.isEmpty()) {
            reply(QJsonObject());
            return;
        }
        // The commit callback runs on the store thread: hop back to the engine thread to poll.
        QMetaObject::invokeMethod(this, [this, queue, result, reply = std::move(reply)] {
            const QList<Task> next = handOut(queue, result.workerId.isEmpty() ? QStringLiteral("unknown") : result.workerId, 1);
            reply(next.isEmpty() ? QJsonObject() : next.first().toJson());
        }, Qt::QueuedConnection);
    });
}

void EngineCore::taskLogs(const QString &taskId, Reply<QJsonArray> reply)
{
    Store *store = m_store;
    m_store->whenCommitted([store, taskId, reply = std::move(reply)](Result<void>) {
        QThreadPool::globalInstance()->start([store, taskId, reply] {
            auto logs = store->loadTaskLogs(taskId);
            if (!logs.ok()) {
                reply(logs.error());
                return;
            }
            QJsonArray arr;
            for (const TaskLog &l : logs.value())
                arr.append(QJsonObject{{QStringLiteral("log"), l.log},
                                       {QStringLiteral("taskId"), l.taskId},
                                       {QStringLiteral("createdTime"), l.createdTime}});
            reply(arr);
        });
    });
}

void EngineCore::addTaskLog(const QString &taskId, const QString &log, Reply<void> reply)
{
    m_store->appendTaskLogs({TaskLog{taskId, log, m_clock->nowMs()}});
    m_store->whenCommitted(std::move(reply));
}

QJsonObject EngineCore::queueSizes(const QStringList &taskTypes) const
{
    QJsonObject out;
    for (const QString &type : taskTypes)
        out.insert(type, m_queues.size(type));
    return out;
}

QJsonArray EngineCore::pollData(const QString &taskType) const
{
    QJsonArray out;
    for (auto q = m_pollData.constBegin(); q != m_pollData.constEnd(); ++q) {
        const QString queue = q.key();
        const QString type = queue.contains(QLatin1Char(':')) ? queue.section(QLatin1Char(':'), 1) : queue;
        if (!taskType.isEmpty() && type != taskType)
            continue;
        const QString domain = queue.contains(QLatin1Char(':')) ? queue.section(QLatin1Char(':'), 0, 0) : QString();
        for (const PollInfo &p : q.value()) {
            QJsonObject o{{QStringLiteral("queueName"), type},
                          {QStringLiteral("workerId"), p.workerId},
                          {QStringLiteral("lastPollTime"), p.lastPollTime}};
            if (!domain.isEmpty())
                o.insert(QStringLiteral("domain"), domain);
            out.append(o);
        }
    }
    return out;
}

QString EngineCore::chooseDomain(const QString &taskType, const QString &domains) const
{
    const QStringList list = domains.split(QLatin1Char(','), Qt::SkipEmptyParts);
    const qint64 now = m_clock->nowMs();
    for (const QString &raw : list) {
        const QString d = raw.trimmed();
        if (d == QLatin1String("NO_DOMAIN"))
            return QString();
        for (const PollInfo &p : m_pollData.value(TaskQueues::queueName(taskType, d)))
            if (now - p.lastPollTime <= kActiveWorkerWindowMs)
                return d;
    }
    const QString last = list.isEmpty() ? QString() : list.last().trimmed();
    return last == QLatin1String("NO_DOMAIN") ? QString() : last;
}

// ---------------------------------------------------------------- local workers

void EngineCore::setLocalCapacity(const QString &taskType, int capacity)
{
    if (capacity <= 0)
        m_localCapacity.remove(taskType);
    else
        m_localCapacity.insert(taskType, capacity);
    m_localDirty.insert(taskType);
    scheduleLocalFlush();
}

void EngineCore::scheduleLocalFlush()
{
    if (m_localFlushScheduled)
        return;
    m_localFlushScheduled = true;
    QMetaObject::invokeMethod(this, &EngineCore::flushLocal, Qt::QueuedConnection);
}

void EngineCore::flushLocal()
{
    m_localFlushScheduled = false;
    const QSet<QString> dirty = std::exchange(m_localDirty, {});
    for (const QString &type : dirty) {
        const int free = m_localCapacity.value(type) - m_localBusy.value(type);
        if (free <= 0)
            continue;
        const QList<Task> tasks = handOut(type, QLatin1String(kLocalWorkerId), free);
        m_localBusy[type] += int(tasks.size());
        m_localInFlight += int(tasks.size());
        m_localBatch.append(tasks);
    }
    if (!m_localBatch.isEmpty())
        Q_EMIT localTasksReady(std::exchange(m_localBatch, {}));
}

void EngineCore::completeLocal(const QList<TaskResult> &results)
{
    for (const TaskResult &result : results) {
        Task *t = nullptr;
        WorkflowRun *run = runOfTask(result.taskId, &t);
        if (run && t->workerId == QLatin1String(kLocalWorkerId)) {
            const QString type = t->taskType;
            if (m_localBusy.value(type) > 0) {
                --m_localBusy[type];
                --m_localInFlight;
            }
            m_localDirty.insert(type);
            (void)applyResult(*run, *t, result); // a refused late result changes nothing
        }
    }
    scheduleLocalFlush();
}

void EngineCore::beginDrain()
{
    m_draining = true;
    // Open long polls answer now, empty.
    const auto waiters = std::exchange(m_waiters, {});
    m_waitersByQueue.clear();
    for (const Waiter &w : waiters)
        w.reply(QJsonArray());
}

// ---------------------------------------------------------------- deadlines

void EngineCore::expireLease(const QString &taskId)
{
    Task *t = nullptr;
    WorkflowRun *run = runOfTask(taskId, &t);
    if (!run || t->status != TaskStatus::InProgress)
        return;
    const qint64 now = m_clock->nowMs();
    leftInProgress(*t);
    if (t->workerId == QLatin1String(kLocalWorkerId) && m_localBusy.value(t->taskType) > 0) {
        --m_localBusy[t->taskType];
        --m_localInFlight;
    }
    t->status = TaskStatus::TimedOut;
    t->reasonForIncompletion = QStringLiteral("responseTimeout: %1 exceeded for the taskId: %2 with Task Definition: %3")
                                   .arg(t->responseTimeoutSeconds)
                                   .arg(t->taskId, t->taskDefName);
    t->endTime = now;
    t->updateTime = now;
    m_attemptTimeouts.disarm(taskId);
    m_store->saveTask(*t);
    emitEvent(QStringLiteral("task_timed_out"), *t);
    Decision d;
    m_decider.decide(*run, d);
    apply(*run, d);
}

void EngineCore::expireAttempt(const QString &taskId)
{
    Task *t = nullptr;
    WorkflowRun *run = runOfTask(taskId, &t);
    if (!run || isTerminal(t->status))
        return;
    const TaskDef def = m_decider.effectiveTaskDef(*run, *t);
    const qint64 now = m_clock->nowMs();
    const QString reason = QStringLiteral("Task timed out after %1 seconds. Timeout configured as %2 seconds. "
                                          "Timeout policy configured to %3")
                               .arg((now - t->startTime) / 1000)
                               .arg(def.timeoutSeconds)
                               .arg(def.timeoutPolicy);
    if (def.timeoutPolicy == QLatin1String("ALERT_ONLY")) {
        emitEvent(QStringLiteral("task_timeout_alert"), *t);
        return;
    }
    if (t->status == TaskStatus::InProgress)
        leftInProgress(*t);
    m_leases.disarm(taskId);
    m_queues.remove(taskId);
    t->status = TaskStatus::TimedOut;
    t->reasonForIncompletion = reason;
    t->endTime = now;
    t->updateTime = now;
    m_store->saveTask(*t);
    emitEvent(QStringLiteral("task_timed_out"), *t);
    Decision d;
    if (def.timeoutPolicy == QLatin1String("TIME_OUT_WF")) {
        t->executed = true;
        if (!run->wf.failedReferenceTaskNames.contains(t->referenceTaskName)) {
            run->wf.failedReferenceTaskNames.append(t->referenceTaskName);
            run->wf.failedTaskNames.append(t->taskDefName);
        }
        d.deadLettered.append({run->byTaskId.value(taskId), QStringLiteral("TIMED_OUT"), reason});
        m_decider.finish(*run, WorkflowStatus::TimedOut, reason, d);
    } else {
        m_decider.decide(*run, d);
    }
    apply(*run, d);
}

void EngineCore::expireWaiter(const QString &waiterId)
{
    auto w = m_waiters.find(waiterId);
    if (w == m_waiters.end())
        return;
    Waiter waiter = std::move(*w);
    m_waiters.erase(w);
    m_waitersByQueue[waiter.queue].removeOne(waiterId);
    waiter.reply(QJsonArray());
}

void EngineCore::evictTerminal()
{
    const qint64 now = m_clock->nowMs();
    while (!m_terminal.empty()) {
        const auto &[at, id] = m_terminal.front();
        const qint64 age = now - at;
        const bool tooMany = int(m_terminal.size()) > kMaxTerminalInMemory && age >= kMinTerminalAgeMs;
        if (!tooMany && age < m_config.terminalRetentionMs)
            break;
        WorkflowRun *run = runOf(id);
        if (run && !isTerminal(run->wf.status)) {
            m_terminal.pop_front(); // reopened (replay) since it ended: stays in memory
            continue;
        }
        if (run) {
            for (const Task &t : run->tasks) {
                m_taskToWorkflow.remove(t.taskId);
                m_attemptTimeouts.disarm(t.taskId);
            }
            m_runs.erase(id);
        }
        m_terminal.pop_front();
    }
}

void EngineCore::processDue()
{
    const qint64 now = m_clock->nowMs();
    for (const QString &queue : m_queues.promoteDue(now))
        serveQueue(queue);
    for (const QString &id : m_leases.takeDue(now))
        expireLease(id);
    for (const QString &id : m_attemptTimeouts.takeDue(now))
        expireAttempt(id);
    for (const QString &id : m_waiterDeadlines.takeDue(now))
        expireWaiter(id);
    for (const QString &id : m_deferredPersist.takeDue(now)) {
        Task *t = nullptr;
        if (runOfTask(id, &t) && t->status == TaskStatus::InProgress)
            m_store->saveTask(*t);
    }
    evictTerminal();
    armTimer();
}

void EngineCore::armTimer()
{
    qint64 next = -1;
    auto consider = [&next](qint64 t) {
        if (t >= 0 && (next < 0 || t < next))
            next = t;
    };
    consider(m_queues.nextVisibleAt());
    consider(m_leases.next());
    consider(m_attemptTimeouts.next());
    consider(m_waiterDeadlines.next());
    consider(m_deferredPersist.next());
    if (!m_terminal.empty())
        consider(m_terminal.front().first + std::min<qint64>(m_config.terminalRetentionMs, kMinTerminalAgeMs));
    if (next < 0) {
        m_timer.stop();
        return;
    }
    const qint64 delay = std::max<qint64>(0, next - m_clock->nowMs());
    const int ms = int(std::min<qint64>(delay, 24LL * 3600 * 1000));
    if (!m_timer.isActive() || m_timer.remainingTime() > ms)
        m_timer.start(ms);
}

// ---------------------------------------------------------------- events

void EngineCore::emitEvent(const QString &name, const Task &t)
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&EngineCore::engineEvent);
    if (!isSignalConnected(signal))
        return;
    QJsonObject payload{{QStringLiteral("taskId"), t.taskId},
                        {QStringLiteral("workflowId"), t.workflowInstanceId},
                        {QStringLiteral("workflowType"), t.workflowType},
                        {QStringLiteral("taskType"), t.taskType},
                        {QStringLiteral("referenceTaskName"), t.referenceTaskName},
                        {QStringLiteral("status"), toString(t.status)},
                        {QStringLiteral("retryCount"), t.retryCount},
                        {QStringLiteral("workerId"), t.workerId}};
    if (!t.reasonForIncompletion.isEmpty())
        payload.insert(QStringLiteral("reason"), t.reasonForIncompletion);
    if (t.callbackAfterSeconds > 0)
        payload.insert(QStringLiteral("callbackAfterSeconds"), t.callbackAfterSeconds);
    if (name == QLatin1String("progress_update")) {
        // Workers report progress as outputData.percent (0-100); the hub derives the ETA from it.
        const QJsonValue percent = t.outputData.value(QStringLiteral("percent"));
        if (percent.isDouble())
            payload.insert(QStringLiteral("percent"), percent);
        payload.insert(QStringLiteral("startTime"), t.startTime);
    }
    Q_EMIT engineEvent(EngineEvent{name, t.projectId, m_clock->nowMs(), payload});
}

void EngineCore::emitWorkflowEvent(const QString &name, const Workflow &wf)
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&EngineCore::engineEvent);
    if (!isSignalConnected(signal))
        return;
    QJsonObject payload{{QStringLiteral("workflowId"), wf.workflowId},
                        {QStringLiteral("workflowType"), wf.workflowName},
                        {QStringLiteral("version"), wf.workflowVersion},
                        {QStringLiteral("status"), toString(wf.status)}};
    if (!wf.reasonForIncompletion.isEmpty())
        payload.insert(QStringLiteral("reason"), wf.reasonForIncompletion);
    if (!wf.correlationId.isEmpty())
        payload.insert(QStringLiteral("correlationId"), wf.correlationId);
    Q_EMIT engineEvent(EngineEvent{name, wf.projectId, m_clock->nowMs(), payload});
}

} // namespace orrery
