#include "EngineCore.h"

#include "store/Store.h"
#include "workflow/systemtasks/SystemTask.h"

#include <QThreadPool>

// EngineCore's worker API (spec §2): admission by concurrency and rate limits, hand-out and
// leasing, long polls, results, logs, queue sizes, poll data and domain choice.

namespace orrery {

namespace {
constexpr qint64 kPostponeMs = 1000;             // over a concurrency/rate limit: try again in 1 s
constexpr qint64 kActiveWorkerWindowMs = 10'000; // spec §8.8
constexpr qint64 kLocalPersistDelayMs = 500;     // see m_deferredPersist
} // namespace

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
    m_pollTimeouts.disarm(t.taskId);
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

QList<Task> EngineCore::handOut(const QString &queue, const QString &workerId, int count, bool freshPoll)
{
    QList<Task> out;
    if (m_draining)
        return out;
    const bool gated = m_handOutGate && workerId != QLatin1String(kLocalWorkerId);
    QString taskType;
    if (gated) {
        taskType = queue.mid(queue.indexOf(QLatin1Char(':')) + 1); // "domain:type" or "type"
        count = m_handOutGate.admit(taskType, m_metadata.registry().taskDef(taskType), count, freshPoll);
        if (count <= 0)
            return out;
    }
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
    if (gated && m_handOutGate.handedOut)
        m_handOutGate.handedOut(taskType, count, out);
    if (!out.isEmpty())
        armTimer();
    return out;
}

void EngineCore::answerHandOut(Reply<QJsonArray> reply, const QList<Task> &tasks)
{
    if (tasks.isEmpty()) {
        reply(QJsonArray());
        return;
    }
    QJsonArray arr;
    for (const Task &t : tasks)
        arr.append(t.toJson());
    // A worker may act on a task only once its hand-out (and the task itself) is durable: a crash
    // in between would leave it holding a taskId the restarted engine never heard of.
    m_store->whenCommitted([reply = std::move(reply), arr](Result<void> r) {
        if (r.ok())
            reply(arr);
        else
            reply(r.error());
    });
}

void EngineCore::poll(const QString &taskType, const QString &workerId, const QString &domain, int count,
                      int timeoutMs, Reply<QJsonArray> reply)
{
    const QString queue = TaskQueues::queueName(taskType, domain);
    const QString worker = workerId.isEmpty() ? QStringLiteral("unknown") : workerId;
    m_pollData[queue][worker] = PollInfo{worker, m_clock->nowMs()};
    const QList<Task> tasks = handOut(queue, worker, std::max(1, count), true);
    if (!tasks.isEmpty() || timeoutMs <= 0 || m_draining) {
        answerHandOut(std::move(reply), tasks);
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
        answerHandOut(std::move(waiter.reply), tasks);
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
        if (const SystemTask *system = Decider::systemTask(t.workflowTask.value(QStringLiteral("type")).toString());
            system && !system->queued()) {
            // WAIT, HUMAN, EVENT (asyncComplete)...: the decider runs them; progress stays IN_PROGRESS.
            t.status = TaskStatus::InProgress;
            m_store->saveTask(t);
            emitEvent(QStringLiteral("progress_update"), t);
            return {};
        }
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
            const QList<Task> next = handOut(queue, result.workerId.isEmpty() ? QStringLiteral("unknown") : result.workerId, 1, true);
            if (next.isEmpty()) {
                reply(QJsonObject());
                return;
            }
            answerHandOut([reply = std::move(reply)](Result<QJsonArray> r) {
                reply(r.ok() ? Result<QJsonObject>(r.value().at(0).toObject()) : Result<QJsonObject>(r.error()));
            }, next);
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

} // namespace orrery
