#include "RemoteWorker.h"

#include "ConductorClient.h"
#include "RemoteTypePoller.h"
#include "ReportQueue.h"
#include "core/Clock.h"
#include "recovery/ErrorClassifier.h"
#include "workers/OutcomeResult.h"
#include "workers/WorkerPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcConductor)

namespace orrery {

RemoteWorker::RemoteWorker(ConductorClient *client, WorkerPool *pool, QStringList taskTypes, int slotsPerType,
                           const Clock *clock, QObject *parent)
    : QObject(parent), m_client(client), m_pool(pool), m_types(std::move(taskTypes)), m_slotsPerType(slotsPerType),
      m_clock(clock), m_workerId(client->settings().effectiveWorkerId()), m_reports(new ReportQueue(client, clock, this)),
      m_leaseTimer(new QTimer(this))
{
    m_leaseTimer->setSingleShot(true);
    connect(m_leaseTimer, &QTimer::timeout, this, &RemoteWorker::extendDueLeases);
    connect(m_reports, &ReportQueue::empty, this, &RemoteWorker::checkDrained);
    connect(m_reports, &ReportQueue::nextTask, this, [this](const QJsonObject &json) {
        // update-v2's next task: of the type just reported (the queue it came from).
        QString type = json.value(QStringLiteral("taskDefName")).toString();
        if (!m_pollers.contains(type))
            type = json.value(QStringLiteral("taskType")).toString();
        const auto task = RemoteTask::fromJson(json, type);
        if (!task)
            return;
        if (!m_pollers.contains(task->taskType)) { // not ours: give it back
            release(*task, QStringLiteral("task type %1 is not served by this worker").arg(task->taskType));
            return;
        }
        onPolled({*task});
    });
    for (const QString &type : m_types) {
        auto *poller = new RemoteTypePoller(type, client, clock, [this, type] { return freeSlots(type); }, this);
        connect(poller, &RemoteTypePoller::tasksPolled, this, &RemoteWorker::onPolled);
        connect(poller, &RemoteTypePoller::pollSent, this, [this] { m_pollRate.add(m_clock->nowMs()); });
        connect(poller, &RemoteTypePoller::pollFinished, this, &RemoteWorker::checkDrained);
        m_pollers.insert(type, poller);
    }
}

RemoteWorker::~RemoteWorker() = default;

void RemoteWorker::start()
{
    m_started = true;
    for (RemoteTypePoller *p : std::as_const(m_pollers))
        p->start();
}

int RemoteWorker::freeSlots(const QString &type) const
{
    if (m_draining)
        return 0;
    const int own = m_slotsPerType - m_runningPerType.value(type);
    return std::max(0, std::min(own, m_pool->freeSlots(type)));
}

int RemoteWorker::reportsPending() const { return m_reports->pending(); }

void RemoteWorker::onPolled(const QList<RemoteTask> &tasks)
{
    const qint64 now = m_clock->nowMs();
    QList<TaskAssignment> batch;
    for (const RemoteTask &t : tasks) {
        m_record->polled(t.workflowInstanceId, t.referenceTaskName, t.retryCount);
        if (m_running.contains(t.taskId))
            continue; // delivered twice while we run it: keep the one we have
        if (m_draining) {
            release(t, QStringLiteral("the worker is shutting down"));
            continue;
        }
        m_running.insert(t.taskId, Running{t, now});
        ++m_runningPerType[t.taskType];
        m_leases.track(t.taskId, t.workflowInstanceId, t.responseTimeoutSeconds, now);
        batch.append(t.assignment());
    }
    if (!batch.isEmpty())
        m_pool->submit(std::move(batch));
    armLeaseTimer();
}

void RemoteWorker::release(const RemoteTask &t, const QString &why)
{
    TaskResult r;
    r.taskId = t.taskId;
    r.workerId = m_workerId;
    r.status = TaskStatus::InProgress; // back to SCHEDULED on the server, same taskId
    r.callbackAfterSeconds = 0;
    r.logs.append(TaskLog{t.taskId, QStringLiteral("released by Orrery worker %1: %2").arg(m_workerId, why), m_clock->nowMs()});
    ++m_released;
    m_reports->add(r, t.workflowInstanceId);
}

void RemoteWorker::onOutcomes(const QList<TaskOutcome> &outcomes)
{
    static const ErrorClassifier builtIn; // the remote TaskDef's own rules are not known here
    for (const TaskOutcome &o : outcomes) {
        auto it = m_running.find(o.taskId);
        if (it == m_running.end())
            continue; // released while draining: the server runs it again
        const RemoteTask task = it->task;
        m_running.erase(it);
        if (--m_runningPerType[task.taskType] <= 0)
            m_runningPerType.remove(task.taskType);
        m_leases.forget(task.taskId);
        TaskResult r = OutcomeResult::toResult(o, m_workerId);
        if (!o.isSuccess()) {
            OutcomeResult::applyClassification(r, builtIn.classify(OutcomeResult::factsOf(o)));
            ++m_failed;
        } else {
            ++m_completed;
        }
        m_record->ended(task.workflowInstanceId, task.referenceTaskName, task.retryCount, o.isSuccess(), m_clock->nowMs());
        m_reports->add(r, task.workflowInstanceId);
        if (RemoteTypePoller *p = m_pollers.value(task.taskType))
            p->wake();
    }
    checkDrained();
}

void RemoteWorker::armLeaseTimer()
{
    const qint64 next = m_leases.nextDueMs();
    if (next < 0) {
        m_leaseTimer->stop();
        return;
    }
    m_leaseTimer->start(int(std::clamp<qint64>(next - m_clock->nowMs(), 0, 60000)));
}

void RemoteWorker::extendDueLeases()
{
    const qint64 now = m_clock->nowMs();
    for (const LeaseTracker::Lease &l : m_leases.takeDue(now)) {
        TaskResult r;
        r.taskId = l.taskId;
        r.workerId = m_workerId;
        r.status = TaskStatus::InProgress;
        r.extendLease = true;
        ConductorRequest request;
        request.method = "POST";
        request.path = QStringLiteral("/api/tasks");
        request.body = QJsonDocument(RemoteTask::resultJson(r, l.workflowInstanceId)).toJson(QJsonDocument::Compact);
        ++m_leaseExtensions;
        const QString id = l.taskId;
        m_client->call(std::move(request), [this, id](ConductorReply reply) {
            if (reply.ok() || reply.status == 404)
                return;
            // Not extended: try again soon (the breaker paces it), well before the lease ends.
            m_leases.retryLater(id, m_clock->nowMs(), reply.refusedByBreaker ? reply.retryAfterMs : 1000);
            armLeaseTimer();
        });
    }
    armLeaseTimer();
}

void RemoteWorker::drain(int timeoutMs, int flushTimeoutMs, std::function<void()> done)
{
    m_draining = true;
    m_drained = std::move(done);
    for (RemoteTypePoller *p : std::as_const(m_pollers))
        p->stop();
    m_drainTimer = new QTimer(this);
    m_drainTimer->setSingleShot(true);
    connect(m_drainTimer, &QTimer::timeout, this, [this] {
        const QList<Running> still = m_running.values();
        m_running.clear();
        m_runningPerType.clear();
        for (const Running &r : still) {
            m_leases.forget(r.task.taskId);
            m_pool->cancel(r.task.taskId);
            release(r.task, QStringLiteral("the drain timeout passed before the task finished"));
        }
        checkDrained();
    });
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, [this] {
        if (m_reports->pending() > 0)
            qCWarning(lcConductor).noquote() << m_reports->pending()
                                              << "result(s) not delivered at shutdown; the server times the tasks out";
        if (auto done = std::exchange(m_drained, nullptr))
            done();
    });
    m_drainTimer->start(std::max(0, timeoutMs));
    m_flushTimer->start(std::max(0, timeoutMs) + std::max(0, flushTimeoutMs));
    checkDrained();
}

void RemoteWorker::checkDrained()
{
    if (!m_draining || !m_drained || !m_running.isEmpty() || m_reports->pending() > 0)
        return;
    for (RemoteTypePoller *p : std::as_const(m_pollers))
        if (p->isPolling())
            return; // its tasks are released when it answers
    m_drainTimer->stop();
    m_flushTimer->stop();
    if (auto done = std::exchange(m_drained, nullptr))
        done();
}

QJsonObject RemoteWorker::statusJson() const
{
    quint64 polls = 0, failures = 0, received = 0;
    QJsonObject types;
    for (RemoteTypePoller *p : m_pollers) {
        polls += p->polls();
        failures += p->failures();
        received += p->tasksReceived();
        QJsonObject t{{QStringLiteral("polls"), double(p->polls())},
                      {QStringLiteral("tasksReceived"), double(p->tasksReceived())},
                      {QStringLiteral("running"), m_runningPerType.value(p->taskType())}};
        if (!p->lastError().isEmpty())
            t.insert(QStringLiteral("lastError"), p->lastError());
        types.insert(p->taskType(), t);
    }
    return QJsonObject{{QStringLiteral("state"), m_draining ? QStringLiteral("draining")
                                                 : m_started ? QStringLiteral("polling") : QStringLiteral("stopped")},
                       {QStringLiteral("workerId"), m_workerId},
                       {QStringLiteral("slotsPerType"), m_slotsPerType},
                       {QStringLiteral("inFlight"), int(m_running.size())},
                       {QStringLiteral("polls"), double(polls)},
                       {QStringLiteral("pollsPerSecond"), double(m_pollRate.countSince(m_clock->nowMs(), 10000)) / 10.0},
                       {QStringLiteral("pollFailures"), double(failures)},
                       {QStringLiteral("tasksReceived"), double(received)},
                       {QStringLiteral("completed"), double(m_completed)},
                       {QStringLiteral("failed"), double(m_failed)},
                       {QStringLiteral("released"), double(m_released)},
                       {QStringLiteral("reportsPending"), m_reports->pending()},
                       {QStringLiteral("reportsDelivered"), double(m_reports->delivered())},
                       {QStringLiteral("reportsDropped"), double(m_reports->dropped())},
                       {QStringLiteral("reportsSuperseded"), double(m_reports->superseded())},
                       {QStringLiteral("updateV2"), m_reports->usesUpdateV2()},
                       {QStringLiteral("reportRetries"), double(m_reports->retries())},
                       {QStringLiteral("leaseExtensions"), double(m_leaseExtensions)},
                       {QStringLiteral("leasesHeld"), m_leases.size()},
                       {QStringLiteral("types"), types}};
}

} // namespace orrery
