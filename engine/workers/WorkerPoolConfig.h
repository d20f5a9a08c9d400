#pragma once

#include "core/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace orrery {

struct WorkerPoolConfig
{
    int maxConcurrent = 256;        // running tasks over all types
    QHash<QString, int> maxPerType; // running tasks of one type; unlisted types: maxConcurrent
    int blockingThreads = 0;        // QThreadPool size for blocking handlers; 0 = max(2, cores)
    int batchMaxSize = 512;         // finished() carries at most this many outcomes...
    int batchWindowMs = 1;          // ...collected for at most this long

    // {"maxConcurrent": 256, "maxPerType": {"shell": 8}, "blockingThreads": 4,
    //  "batchMaxSize": 512, "batchWindowMs": 1}; absent keys keep their defaults.
    static Result<WorkerPoolConfig> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;
    int effectiveBlockingThreads() const;
};

} // namespace orrery
