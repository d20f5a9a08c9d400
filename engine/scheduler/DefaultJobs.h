#pragma once

#include "scheduler/Job.h"

#include <QList>

namespace orrery {

// The jobs a fresh store gets (each editable, pausable and deletable like any other; they are added
// only when missing, so a restart never resets them):
//  - nightly-profiling: 02:00 every day in the local zone, starts the `nightly_profiling` demo workflow;
//  - cleanup: 03:30 every day in the local zone, the built-in "cleanup" action: finished executions
//    (COMPLETED, FAILED) older than 30 days are purged. The DLQ has its own retention.
//  - health-check: every 60 s, starts the `health_check` demo workflow: /healthz, then the
//    `health_probe` task (the store with its latency, disk space of the data directory against
//    minFreePercent/minFreeBytes, Redis and a remote Conductor when configured; health_checked and
//    health_changed events). The run fails when a check fails.
class DefaultJobs
{
public:
    static QList<JobDefinition> definitions(qint64 nowMs, const QString &localZone);
    // The host's IANA zone when the trigger layer accepts it, else "UTC".
    static QString localZoneName();
};

} // namespace orrery
