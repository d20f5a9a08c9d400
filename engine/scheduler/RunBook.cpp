#include "scheduler/RunBook.h"

#include "scheduler/JobStore.h"

#include <algorithm>

namespace orrery {

RunBook::InFlight *RunBook::find(const QString &runId)
{
    auto it = m_inFlight.find(runId);
    return it == m_inFlight.end() ? nullptr : &*it;
}

int RunBook::awaitingStart() const
{
    return int(std::count_if(m_inFlight.begin(), m_inFlight.end(), [](const InFlight &f) { return !f.started; }));
}

void RunBook::recorded(const QString &jobId, int runs)
{
    int &n = m_sincePrune[jobId];
    n += runs;
    if (n >= m_pruneEvery) {
        n = 0;
        m_toPrune.append(jobId);
    }
}

Result<void> RunBook::flush(JobStore &store)
{
    if (!m_updates.isEmpty()) {
        if (auto r = store.updateRuns(m_updates); !r)
            return r;
        m_updates.clear();
    }
    while (!m_toPrune.isEmpty()) {
        if (auto r = store.pruneRuns(m_toPrune.first(), m_historyLimit); !r)
            return r;
        m_toPrune.removeFirst();
    }
    return {};
}

} // namespace orrery
