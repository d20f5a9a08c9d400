#include "scheduler/JobStore.h"

namespace orrery {

void JobStore::applyInstanceLimit(QList<JobRun> &runs, int inFlight, int maxInstances)
{
    for (JobRun &run : runs) {
        if (run.status != JobRun::Status::Claimed)
            continue;
        if (maxInstances > 0 && inFlight >= maxInstances) {
            run.status = JobRun::Status::Missed;
            run.reason = QStringLiteral("max_instances");
            run.leaseUntilMs = 0;
            continue;
        }
        ++inFlight;
    }
}

} // namespace orrery
