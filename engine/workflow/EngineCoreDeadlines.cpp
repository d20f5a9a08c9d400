#include "EngineCore.h"

#include "store/Store.h"

#include <utility>

// EngineCore's deadlines: lease and attempt timeouts, long-poll expiry, eviction of ended
// workflows from memory, and the one timer armed for the earliest of them.

namespace orrery {

namespace {
constexpr int kMaxTerminalInMemory = 10'000; // finished workflows kept for fast reads
constexpr qint64 kMinTerminalAgeMs = 5'000;  // never evict before the write-behind committed
} // namespace

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
    const QString reason = QStringLiteral("Task timed out after %1 seconds. Timeout configured as %2 seconds. "
                                          "Timeout policy configured to %3")
                               .arg((m_clock->nowMs() - t->startTime) / 1000)
                               .arg(def.timeoutSeconds)
                               .arg(def.timeoutPolicy);
    timeOutTask(*run, *t, reason, def.timeoutPolicy);
}

void EngineCore::expirePoll(const QString &taskId)
{
    Task *t = nullptr;
    WorkflowRun *run = runOfTask(taskId, &t);
    if (!run || t->status != TaskStatus::Scheduled || isTerminal(run->wf.status))
        return;
    const TaskDef def = m_decider.effectiveTaskDef(*run, *t);
    const QString reason = QStringLiteral("Task poll timed out after %1 seconds: no worker polled %2. Timeout policy configured to %3")
                               .arg(def.pollTimeoutSeconds.value_or(0))
                               .arg(t->taskType, def.timeoutPolicy);
    timeOutTask(*run, *t, reason, def.timeoutPolicy);
}

void EngineCore::timeOutTask(WorkflowRun &run, Task &task, const QString &reason, const QString &policy)
{
    Task *t = &task;
    const QString taskId = t->taskId;
    const qint64 now = m_clock->nowMs();
    if (policy == QLatin1String("ALERT_ONLY")) {
        emitEvent(QStringLiteral("task_timeout_alert"), *t);
        return;
    }
    if (t->status == TaskStatus::InProgress)
        leftInProgress(*t);
    m_leases.disarm(taskId);
    m_pollTimeouts.disarm(taskId);
    m_attemptTimeouts.disarm(taskId);
    m_queues.remove(taskId);
    t->status = TaskStatus::TimedOut;
    t->reasonForIncompletion = reason;
    t->endTime = now;
    t->updateTime = now;
    m_store->saveTask(*t);
    emitEvent(QStringLiteral("task_timed_out"), *t);
    Decision d;
    if (policy == QLatin1String("TIME_OUT_WF")) {
        t->executed = true;
        if (!run.wf.failedReferenceTaskNames.contains(t->referenceTaskName)) {
            run.wf.failedReferenceTaskNames.append(t->referenceTaskName);
            run.wf.failedTaskNames.append(t->taskDefName);
        }
        d.deadLettered.append({run.byTaskId.value(taskId), QStringLiteral("TIMED_OUT"), reason});
        m_decider.finish(run, WorkflowStatus::TimedOut, reason, d, true);
    } else {
        m_decider.decide(run, d);
    }
    apply(run, d);
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
    for (const QString &id : m_pollTimeouts.takeDue(now))
        expirePoll(id);
    for (const QString &id : m_wakeUps.takeDue(now))
        wakeTask(id);
    for (const QString &id : m_workflowTimeouts.takeDue(now))
        expireWorkflow(id);
    for (const QString &id : m_deferredPersist.takeDue(now)) {
        Task *t = nullptr;
        if (runOfTask(id, &t) && t->status == TaskStatus::InProgress)
            m_store->saveTask(*t);
    }
    evictTerminal();
    armTimer();
}

void EngineCore::release()
{
    m_held = false;
    const QList<HeldDeadLetter> held = std::exchange(m_heldDeadLetters, {});
    for (const HeldDeadLetter &dl : held)
        Q_EMIT taskDeadLettered(dl.task, dl.attempts, dl.reasonClass, dl.message);
    armTimer();
}

void EngineCore::armTimer()
{
    if (m_held) {
        m_timer.stop();
        return;
    }
    qint64 next = -1;
    auto consider = [&next](qint64 t) {
        if (t >= 0 && (next < 0 || t < next))
            next = t;
    };
    consider(m_queues.nextVisibleAt());
    consider(m_leases.next());
    consider(m_attemptTimeouts.next());
    consider(m_waiterDeadlines.next());
    consider(m_pollTimeouts.next());
    consider(m_wakeUps.next());
    consider(m_workflowTimeouts.next());
    consider(m_deferredPersist.next());
    if (!m_terminal.empty()) {
        // When evictTerminal() will next remove the oldest: after kMinTerminalAgeMs while too many
        // are kept, else after the retention. (Arming for the earlier of the two whatever the
        // count made the timer fire at once, again and again, while nothing could be evicted.)
        const bool tooMany = int(m_terminal.size()) > kMaxTerminalInMemory;
        const qint64 keepMs = tooMany ? std::min<qint64>(m_config.terminalRetentionMs, kMinTerminalAgeMs)
                                      : m_config.terminalRetentionMs;
        consider(m_terminal.front().first + keepMs);
    }
    if (next < 0) {
        m_timer.stop();
        return;
    }
    const qint64 delay = std::max<qint64>(0, next - m_clock->nowMs());
    const int ms = int(std::min<qint64>(delay, 24LL * 3600 * 1000));
    if (!m_timer.isActive() || m_timer.remainingTime() > ms)
        m_timer.start(ms);
}

} // namespace orrery
