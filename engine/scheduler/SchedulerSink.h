#pragma once

#include "scheduler/JobLauncher.h"

#include <QMutex>
#include <optional>
#include <vector>

namespace orrery {

class Scheduler;

// The JobRunSink a scheduler hands to its launcher: queues reports and delivers them on the
// scheduler's thread in one batch per event-loop turn (one wake-up for a burst of runs, not one
// per report), and drops them once the scheduler is gone (detach()).
class SchedulerSink final : public JobRunSink
{
public:
    explicit SchedulerSink(Scheduler *scheduler) : m_scheduler(scheduler) {}
    void detach();

    void runStarted(const QString &runId, Result<QString> workflowId) override;
    void runFinished(const QString &jobId, const QString &runId, const QString &workflowId, JobRun::Status status,
                     const QJsonObject &detail) override;

private:
    struct Report
    {
        QString jobId;
        QString runId;
        QString workflowId;
        std::optional<Result<QString>> started; // set: a start report; unset: an end report
        JobRun::Status status = JobRun::Status::Completed;
        QJsonObject detail;
    };
    void enqueue(Report report);
    void deliver();

    QMutex m_mutex;
    Scheduler *m_scheduler;
    std::vector<Report> m_pending;
    bool m_posted = false;
};

} // namespace orrery
