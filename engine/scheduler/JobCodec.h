#pragma once

#include "core/Result.h"
#include "scheduler/Job.h"
#include "scheduler/JobRun.h"

#include <QJsonObject>
#include <optional>

namespace orrery {

// Options of a job creation that are state rather than definition.
struct JobCreateOptions
{
    bool paused = false;
    std::optional<qint64> nextRunTimeMs; // overrides the first run time ("run now, then on schedule")
};

// JSON of jobs and runs, for the REST API and the store. Parsing collects every problem as a
// FieldError whose path names the field ("trigger.expression", "target.name", "maxInstances").
//
//   {"id"?, "name", "description"?, "trigger": {...see Trigger::fromJson},
//    "target": {"type": "workflow" (default) | "builtin", "name", "version"?, "input"?, "priority"?, "projectId"?},
//    "misfireGraceSeconds"?: 60 (default) | null (unlimited), "coalesce"?: "latest" | "earliest" | "all",
//    "maxInstances"?: 1 (0 = unlimited), "jitterSeconds"?: 0, "startDate"?, "endDate"?,
//    "paused"? (create only), "nextRunTime"? (create only)}
class JobCodec
{
public:
    // An interval trigger without "start" is anchored at nowMs.
    static Result<JobDefinition> parseDefinition(const QJsonObject &json, qint64 nowMs);
    static Result<JobCreateOptions> parseCreateOptions(const QJsonObject &json);
    // The persisted / API form of a definition.
    static QJsonObject definitionToJson(const JobDefinition &def);
    // What the store keeps for a job: its definition, or a flagged job's stored text unchanged.
    static QJsonObject storedForm(const Job &job);
    // API form: definition plus state (next/last run times in the job's zone, state, revision).
    static QJsonObject jobToJson(const Job &job, qint64 nextPlannedMs);
    static QJsonObject runToJson(const JobRun &run, const QTimeZone &zone);

    static bool isValidId(const QString &id);
    // Built-in actions a target may name.
    static QStringList builtinActions();
};

} // namespace orrery
