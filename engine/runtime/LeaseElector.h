#pragma once

#include "runtime/EngineLease.h"

#include <QObject>

namespace orrery {

// The role of one orreryd on a shared store, decided by its EngineLease: standby until it takes
// the lease, then active until it loses it. tick() does one step (the server calls it every
// second, well inside the 2 s a standby may wait between polls):
//   standby: tries to take the lease (becameActive on success), else reads who holds it;
//   active:  checks the lease is still held; if the database cannot be asked the instance stays
//            active (nobody else can take the lease while the database is unreachable to all, and
//            stopping would stop a lone server for a database restart); if another instance took
//            the lease meanwhile, leaseLost is emitted and the engine must stop at once.
// No clock and no timer of its own, so tests drive it step by step.
class LeaseElector : public QObject
{
    Q_OBJECT

public:
    enum class Role { Standby, Active, Lost };

    // Takes no ownership of `lease`.
    explicit LeaseElector(EngineLease *lease, QObject *parent = nullptr);

    void tick();

    Role role() const { return m_role; }
    static QString roleName(Role role);
    // The holder as last read (standby) or this instance's own record (active).
    EngineLeaseHolder holder() const { return m_holder; }
    // The last database error (empty after a step that reached the database).
    QString lastError() const { return m_lastError; }
    int ticks() const { return m_ticks; }

Q_SIGNALS:
    void becameActive();
    void leaseLost(const QString &reason);
    // The database could not be asked (each failed step; `message` says why).
    void unreachable(const QString &message);

private:
    void tickStandby();
    void tickActive();

    EngineLease *m_lease;
    Role m_role = Role::Standby;
    EngineLeaseHolder m_holder;
    QString m_lastError;
    int m_ticks = 0;
};

} // namespace orrery
