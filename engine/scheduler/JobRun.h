#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace orrery {

// One run of a job: a scheduled (nominal) instant that fired, or was missed, with its outcome.
// Runs are created by the scheduler in the same transaction that advances the job (so a nominal
// instant gets exactly one run record, whichever instance claims it).
struct JobRun
{
    enum class Status {
        Claimed,     // claimed by an instance (lease until leaseUntilMs), being dispatched
        Running,     // the workflow was started (workflowId)
        Completed,   // final statuses of the workflow ...
        Failed,
        TimedOut,
        Terminated,
        Missed,      // not run; reason says why (count > 1: several instants folded into one record)
        StartFailed, // the engine refused to start the workflow; reason has its message
    };

    QString runId;
    QString jobId;
    qint64 scheduledMs = 0;     // nominal fire time (the trigger's; manual runs: when asked)
    qint64 plannedMs = 0;       // nominal + jitter: when it was due to be dispatched
    bool manual = false;        // "run now"
    Status status = Status::Claimed;
    QString reason;             // missed: misfire_grace_exceeded | coalesced | max_instances | resumed_from_now | job_removed
    int count = 1;              // instants folded into this record (missed runs only)
    qint64 lastScheduledMs = 0; // the last folded instant (== scheduledMs when count == 1)
    std::optional<qint64> firedMs; // when it was dispatched
    std::optional<qint64> endedMs;
    QString workflowId;
    QString instanceId;         // the instance that claimed it
    qint64 leaseUntilMs = 0;    // claims only
    QJsonObject detail;         // built-in actions: their result

    bool inFlight() const { return status == Status::Claimed || status == Status::Running; }
    bool fired() const { return !manual && status != Status::Missed; }

    static QString statusName(Status status);
    static std::optional<Status> parseStatus(const QString &name);
    // The final run status for a workflow status (COMPLETED, FAILED, TIMED_OUT, TERMINATED).
    static std::optional<Status> fromWorkflowStatus(const QString &workflowStatus);
    // Correlation id given to the workflow a run starts: "job:<jobId>:<runId>".
    QString correlationId() const;
    static QString runIdFromCorrelation(const QString &correlationId);
};

// Changes to a stored run (only the fields that are set are written).
struct RunUpdate
{
    QString runId;
    std::optional<JobRun::Status> status;
    bool onlyIfInFlight = false; // do not overwrite a final status (start reply after the end event)
    std::optional<QString> workflowId;
    std::optional<qint64> firedMs;
    std::optional<qint64> endedMs;
    std::optional<qint64> leaseUntilMs;
    std::optional<QString> reason;
    std::optional<QJsonObject> detail;
};

} // namespace orrery
