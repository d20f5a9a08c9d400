#pragma once

#include "scheduler/Trigger.h"

#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>

namespace orrery {

// How several overdue run times of one job are handled (specs/scheduling.md §4.2, APScheduler 4).
enum class CoalescePolicy { Latest, Earliest, All };

QString coalesceName(CoalescePolicy policy);
std::optional<CoalescePolicy> parseCoalesce(const QString &name);

// What a run of a job does: start a workflow (name, optional version, input), or one of the
// engine's built-in maintenance actions ("cleanup": purge finished executions).
struct JobTarget
{
    enum class Kind { Workflow, Builtin };

    Kind kind = Kind::Workflow;
    QString name;               // workflow name, or the built-in action
    std::optional<int> version; // workflow version; none = latest
    QJsonObject input;
    int priority = 0;
    QString projectId;
};

// The part of a job an operator edits (POST/PUT body, persisted as JSON).
struct JobDefinition
{
    QString id;
    QString name;
    QString description;
    std::shared_ptr<const Trigger> trigger;
    JobTarget target;
    std::optional<int> misfireGraceSeconds = 60; // none = unlimited
    CoalescePolicy coalesce = CoalescePolicy::Latest;
    int maxInstances = 1;                         // 0 = unlimited
    qint64 jitterMs = 0;                          // each run is delayed by [0, jitter]
    std::optional<qint64> startMs;                // inclusive bounds on top of the trigger's
    std::optional<qint64> endMs;

    // The trigger's next fire time strictly after afterMs, within the job's start/end dates.
    std::optional<qint64> nextAfter(qint64 afterMs) const;
    // The end of the schedule (the earlier of the job's and the trigger's end), if any.
    std::optional<qint64> effectiveEnd() const;
    // The zone instants are shown in: the cron trigger's zone, else UTC.
    QTimeZone displayZone() const;
};

// A job: its definition plus the scheduling state the store keeps (next/last nominal fire time,
// paused). revision increases with every stored change and is the compare-and-set token that
// keeps several instances from firing the same run twice.
struct Job
{
    JobDefinition def;
    bool paused = false;
    std::optional<qint64> nextFireMs; // nominal (before jitter); none = the schedule has ended
    std::optional<qint64> lastFireMs; // nominal time of the last run that fired
    qint64 revision = 0;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    QJsonObject storedDefinition; // flagged jobs only: the stored definition, kept verbatim
    QString loadError;            // non-empty: the stored definition cannot be loaded (flagged, kept)

    const QString &id() const { return def.id; }
    bool flagged() const { return !loadError.isEmpty(); }
    bool finished() const { return !flagged() && !nextFireMs; }
    bool schedulable() const { return !flagged() && !paused && nextFireMs.has_value(); }
    // "scheduled", "paused", "finished" or "flagged".
    QString stateName() const;
};

} // namespace orrery
