#pragma once

#include "core/Result.h"
#include "scheduler/JobRun.h"

#include <QHash>
#include <QList>

namespace orrery {

class JobStore;

// The scheduler's book of runs it dispatched and not yet seen finish, and the run changes waiting
// to be written (batched into one store call per event-loop turn).
class RunBook
{
public:
    struct InFlight
    {
        JobRun run;      // as claimed (status Claimed), firedMs = dispatch time
        bool started = false;
    };

    explicit RunBook(int historyLimit = 100, int pruneEvery = 20) : m_historyLimit(historyLimit), m_pruneEvery(pruneEvery) {}

    void dispatched(const JobRun &run) { m_inFlight.insert(run.runId, InFlight{run, false}); }
    InFlight *find(const QString &runId);
    void forget(const QString &runId) { m_inFlight.remove(runId); }
    // Runs dispatched whose start has not been answered yet.
    int awaitingStart() const;

    void update(RunUpdate update) { m_updates.append(std::move(update)); }
    bool hasUpdates() const { return !m_updates.isEmpty(); }
    // Counts new run records of a job; every pruneEvery records the job's history is trimmed.
    void recorded(const QString &jobId, int runs);
    // Writes pending updates and trims histories. Failed updates are kept for the next flush.
    Result<void> flush(JobStore &store);

private:
    QHash<QString, InFlight> m_inFlight;
    QList<RunUpdate> m_updates;
    QHash<QString, int> m_sincePrune;
    QStringList m_toPrune;
    int m_historyLimit;
    int m_pruneEvery;
};

} // namespace orrery
