#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>

namespace orrery {

// Who runs the engine of a shared store: the instance that holds the engine lease, and the URL
// it advertises (where standbys send clients).
struct EngineLeaseHolder
{
    QString instance;  // e.g. "host:pid"
    QString url;       // the holder's advertised base URL
    qint64 sinceMs = 0; // when it took the lease (ms since the epoch)

    bool known() const { return !instance.isEmpty(); }
    QJsonObject toJson() const;
};

// The engine lease of a store that several orreryd share: at most one instance holds it at a
// time, and only the holder runs the engine (executor, scheduler, recovery). The implementation
// (PostgresEngineLease) keeps it on a connection of its own, so the database frees it when the
// holder dies; tests drive LeaseElector with a fake. Calls may block briefly (one round trip).
class EngineLease
{
public:
    virtual ~EngineLease() = default;

    // Tries to take the lease; true when this instance holds it afterwards (also when it held
    // it already). On success the holder's identity and URL are published for holder().
    // An error means the database could not be asked (unknown, not "someone else").
    virtual Result<bool> tryAcquire() = 0;
    // Whether this instance still holds the lease (the connection is alive and the lock still
    // granted to it). An error means the database could not be asked.
    virtual Result<bool> stillHeld() = 0;
    // The holder as last published (unknown when nobody ever held it).
    virtual Result<EngineLeaseHolder> holder() = 0;
    // Gives the lease up (a clean stop); nothing when not held.
    virtual void release() = 0;
};

} // namespace orrery
