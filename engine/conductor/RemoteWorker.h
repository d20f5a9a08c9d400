#pragma once

#include "LeaseTracker.h"
#include "RemoteTask.h"
#include "RemoteTaskRecord.h"
#include "recovery/EventRate.h"
#include "workers/TaskOutcome.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <functional>
#include <memory>

class QTimer;

namespace orrery {

class Clock;
class ConductorClient;
class RemoteTypePoller;
class ReportQueue;
class WorkerPool;

// Orrery's local workers as workers of a Conductor server: one RemoteTypePoller per task type,
// polled tasks run on `pool` (a WorkerPool of its own, so its outcomes never reach the local
// engine), outcomes become TaskResults (OutcomeResult, built-in error classification) and go to
// the ReportQueue; long tasks get lease extensions at 80% of responseTimeoutSeconds.
// Lives on the client's thread; connect the pool's finished signal to onOutcomes (queued).
class RemoteWorker : public QObject
{
    Q_OBJECT

public:
    RemoteWorker(ConductorClient *client, WorkerPool *pool, QStringList taskTypes, int slotsPerType, const Clock *clock,
                 QObject *parent = nullptr);
    ~RemoteWorker() override;

    void start();
    // Graceful stop: no new polls; tasks still running after `timeoutMs` are released (IN_PROGRESS
    // with callbackAfterSeconds 0: the server hands them out again with the same taskId, no
    // attempt used); `done` runs once every report was delivered (or `flushTimeoutMs` more passed).
    void drain(int timeoutMs, int flushTimeoutMs, std::function<void()> done);
    void onOutcomes(const QList<orrery::TaskOutcome> &outcomes);

    int inFlight() const { return int(m_running.size()); }
    int reportsPending() const;
    QStringList taskTypes() const { return m_types; }
    // {taskTypes, slotsPerType, state, inFlight, polls, pollsPerSecond, tasksReceived, ...}
    QJsonObject statusJson() const;
    ReportQueue *reports() const { return m_reports; }
    const LeaseTracker &leases() const { return m_leases; }
    // The attempts ended for the server, for /api/stats (read from any thread).
    std::shared_ptr<const RemoteTaskRecord> record() const { return m_record; }
    // Sends the lease extensions that are due (the timer calls it; tests too).
    void extendDueLeases();

private:
    struct Running
    {
        RemoteTask task;
        qint64 startedMs = 0;
    };

    void onPolled(const QList<RemoteTask> &tasks);
    void release(const RemoteTask &task, const QString &why);
    int freeSlots(const QString &type) const;
    void armLeaseTimer();
    void checkDrained();

    ConductorClient *m_client;
    WorkerPool *m_pool;
    QStringList m_types;
    int m_slotsPerType;
    const Clock *m_clock;
    QString m_workerId;
    QHash<QString, RemoteTypePoller *> m_pollers;
    ReportQueue *m_reports;
    LeaseTracker m_leases;
    std::shared_ptr<RemoteTaskRecord> m_record = std::make_shared<RemoteTaskRecord>();
    QTimer *m_leaseTimer;
    QHash<QString, Running> m_running;
    QHash<QString, int> m_runningPerType;
    EventRate m_pollRate{60000, 100000};
    quint64 m_completed = 0;
    quint64 m_failed = 0;
    quint64 m_released = 0;
    quint64 m_leaseExtensions = 0;
    bool m_started = false;
    bool m_draining = false;
    std::function<void()> m_drained;
    QTimer *m_drainTimer = nullptr;
    QTimer *m_flushTimer = nullptr;
};

} // namespace orrery
