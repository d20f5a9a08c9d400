#include "runtime/LeaseElector.h"

namespace orrery {

LeaseElector::LeaseElector(EngineLease *lease, QObject *parent) : QObject(parent), m_lease(lease) {}

QString LeaseElector::roleName(Role role)
{
    switch (role) {
    case Role::Standby:
        return QStringLiteral("standby");
    case Role::Active:
        return QStringLiteral("active");
    case Role::Lost:
        return QStringLiteral("lost");
    }
    return {};
}

void LeaseElector::tick()
{
    ++m_ticks;
    if (m_role == Role::Standby)
        tickStandby();
    else if (m_role == Role::Active)
        tickActive();
}

void LeaseElector::tickStandby()
{
    auto acquired = m_lease->tryAcquire();
    if (!acquired.ok()) {
        m_lastError = acquired.error().message;
        Q_EMIT unreachable(m_lastError);
        return;
    }
    m_lastError.clear();
    auto holder = m_lease->holder();
    if (holder.ok())
        m_holder = holder.value();
    if (acquired.value()) {
        m_role = Role::Active;
        Q_EMIT becameActive();
    }
}

void LeaseElector::tickActive()
{
    auto held = m_lease->stillHeld();
    if (!held.ok()) {
        m_lastError = held.error().message;
        Q_EMIT unreachable(m_lastError);
        return;
    }
    m_lastError.clear();
    if (held.value())
        return;
    m_role = Role::Lost;
    auto holder = m_lease->holder();
    if (holder.ok())
        m_holder = holder.value();
    Q_EMIT leaseLost(m_holder.known() ? QStringLiteral("the engine lease is now held by %1 (%2)").arg(m_holder.instance, m_holder.url)
                                      : QStringLiteral("the engine lease was lost"));
}

} // namespace orrery
