#pragma once

#include "TaskQueries.h"

#include <QHash>
#include <QJsonArray>

namespace orrery {

class WorkerPool;
class WorkerTracker;

// Merges what is known about workers into one list, sorted by worker id:
//  - the engine's poll data ({queueName, workerId, domain, lastPollTime} per poll queue),
//  - the API's poll counts (WorkerTracker),
//  - tasks IN_PROGRESS per worker id (from the store),
//  - the local worker pool (WorkerPool::stats()), as the worker "orrery-local" of kind "local".
// Each item: {workerId, kind: remote|local, taskTypes, domains, lastPollTime, pollCount,
// tasksHandedOut, inFlight, inFlightByType[, pool]}; a figure that does not apply is null.
class WorkersReport
{
public:
    static QJsonArray build(const QJsonArray &pollData, const WorkerTracker *tracker,
                            const QHash<QString, TaskQueries::InFlight> &inFlight, WorkerPool *pool);
};

} // namespace orrery
