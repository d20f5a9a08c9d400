#pragma once

#include "scheduler/Job.h"
#include "scheduler/JobRun.h"

#include <QList>
#include <optional>

namespace orrery {

// What processing a due job produces: runs to dispatch (status Claimed) and runs that were
// missed (status Missed, with a reason), in nominal order, and the job's new state.
struct DuePlan
{
    QList<JobRun> runs;
    std::optional<qint64> nextFireMs;
    std::optional<qint64> lastFireMs;
    bool more = false; // stopped at the per-step cap (coalesce "all"): process the job again at once
};

// The run-time policies of specs/scheduling.md §7 as a pure function of (job, now): misfire grace,
// coalescing, jitter, start/end dates. No clock, no store, no randomness that differs between
// instances: two instances planning the same job at the same time get the same plan.
class DuePlanner
{
public:
    struct Limits
    {
        int maxFiresPerStep = 1000;  // coalesce "all": runs dispatched per step (the rest follow at once)
        int maxMissedRecords = 20;   // missed instants recorded one by one per step; further ones are
                                     // folded into one record per reason (count, first, last)
    };

    explicit DuePlanner(quint64 jitterSeed = 0) : DuePlanner(jitterSeed, Limits{}) {}
    DuePlanner(quint64 jitterSeed, Limits limits) : m_seed(jitterSeed), m_limits(limits) {}

    // nominal + a delay in [0, jitter], derived from (seed, job id, nominal) so that every instance
    // agrees, and clamped so it never passes the job's end.
    qint64 plannedTime(const JobDefinition &def, qint64 nominalMs) const;

    // Handles every run time of the job whose planned time is <= nowMs. Run ids are left empty.
    DuePlan plan(const Job &job, qint64 nowMs) const;
    // Resuming "from now": every nominal time up to nowMs is missed with `reason`; the next fire
    // time becomes the first after nowMs.
    DuePlan skipUntil(const Job &job, qint64 nowMs, const QString &reason) const;

private:
    void addMissed(DuePlan &plan, int &individual, const JobDefinition &def, qint64 nominal, qint64 planned,
                   const QString &reason) const;
    JobRun makeRun(const JobDefinition &def, qint64 nominal, qint64 planned, JobRun::Status status,
                   const QString &reason) const;

    quint64 m_seed;
    Limits m_limits;
};

} // namespace orrery
