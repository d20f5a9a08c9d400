#include "scheduler/SchedulerSink.h"

#include "scheduler/Scheduler.h"

namespace orrery {

void SchedulerSink::detach()
{
    QMutexLocker lock(&m_mutex);
    m_scheduler = nullptr;
    m_pending.clear();
}

void SchedulerSink::runStarted(const QString &runId, Result<QString> workflowId)
{
    Report r;
    r.runId = runId;
    r.started = std::move(workflowId);
    enqueue(std::move(r));
}

void SchedulerSink::runFinished(const QString &jobId, const QString &runId, const QString &workflowId,
                                JobRun::Status status, const QJsonObject &detail)
{
    enqueue(Report{jobId, runId, workflowId, std::nullopt, status, detail});
}

// Posting while holding the mutex: the scheduler's destructor detaches under the same mutex, and
// events posted to an object are discarded when it is destroyed, so nothing reaches a dead object.
void SchedulerSink::enqueue(Report report)
{
    QMutexLocker lock(&m_mutex);
    if (!m_scheduler)
        return;
    m_pending.push_back(std::move(report));
    if (m_posted)
        return;
    m_posted = true;
    QMetaObject::invokeMethod(m_scheduler, [this] { deliver(); }, Qt::QueuedConnection);
}

// On the scheduler's thread (the posted call runs only while the scheduler, and so this sink, lives).
void SchedulerSink::deliver()
{
    std::vector<Report> reports;
    Scheduler *scheduler = nullptr;
    {
        QMutexLocker lock(&m_mutex);
        reports.swap(m_pending);
        m_posted = false;
        scheduler = m_scheduler;
    }
    if (!scheduler)
        return;
    for (Report &r : reports) {
        if (r.started)
            scheduler->handleRunStarted(r.runId, *r.started);
        else
            scheduler->handleRunFinished(r.jobId, r.runId, r.workflowId, r.status, r.detail);
    }
}

} // namespace orrery
