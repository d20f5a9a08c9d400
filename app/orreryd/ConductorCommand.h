#pragma once

#include <QStringList>
#include <QTextStream>

namespace orrery {

// `orreryd conductor push`: registers Orrery's task and workflow definitions (from the store's
// metadata, every version) on the Conductor server of --conductor-url, with the key id/secret
// of --conductor-key-id/--conductor-key-secret (or ORRERY_CONDUCTOR_*), through the same client
// as client mode (token exchange, circuit breaker). Prints one line per push and any
// per-definition error. Exit code: 0 all pushed, 1 some push failed (or store error), 2 usage.
// Options: --only-workflow NAME (repeatable) pushes only those workflows (task definitions are
// always all pushed), --dry-run lists what would be pushed.
class ConductorCommand
{
public:
    static int run(const QStringList &args, QTextStream &out, QTextStream &err);
    static QString usage();
};

} // namespace orrery
