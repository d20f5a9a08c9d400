#include "store/ConnectGate.h"

#include "core/Clock.h"
#include "store/SqlBackend.h"

#include <algorithm>

namespace orrery {

ConnectGate::ConnectGate(const Clock *clock) : ConnectGate(clock, Policy()) {}

ConnectGate::ConnectGate(const Clock *clock, Policy policy) : m_clock(clock), m_policy(policy) {}

Result<void> ConnectGate::admit()
{
    QMutexLocker lock(&m_mutex);
    if (m_delayMs == 0)
        return {};
    const qint64 now = m_clock->nowMs();
    if (m_probing || now < m_nextTryMs) {
        const qint64 waitMs = m_probing ? 0 : m_nextTryMs - now;
        return Error::unavailable(
            QStringLiteral("the store's database cannot be reached (%1); %2")
                .arg(m_lastError,
                     m_probing ? QStringLiteral("a new connection is being tried now")
                               : QStringLiteral("a new connection is tried in %1 ms").arg(waitMs)));
    }
    m_probing = true;
    return {};
}

void ConnectGate::opened()
{
    QMutexLocker lock(&m_mutex);
    m_delayMs = 0;
    m_probing = false;
    m_lastError.clear();
}

void ConnectGate::failed(const Error &error)
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock->nowMs();
    m_lastError = error.message;
    // Opens that were already under way when the gate closed fail too: they do not make the
    // delay longer, only a probe that failed does.
    if (m_delayMs != 0 && !m_probing)
        return;
    m_probing = false;
    m_delayMs = m_delayMs == 0 ? m_policy.firstDelayMs : std::min(m_delayMs * 2, m_policy.maxDelayMs);
    m_nextTryMs = now + m_delayMs;
}

Result<QSqlDatabase> ConnectGate::open(const SqlBackend &backend, const QString &connectionName, const QString &role)
{
    if (Result<void> admitted = admit(); !admitted)
        return admitted.error();
    Result<QSqlDatabase> db = backend.openConnection(connectionName, role);
    if (db)
        opened();
    else
        failed(db.error());
    return db;
}

bool ConnectGate::isClosed() const
{
    QMutexLocker lock(&m_mutex);
    return m_delayMs != 0;
}

qint64 ConnectGate::currentDelayMs() const
{
    QMutexLocker lock(&m_mutex);
    return m_delayMs;
}

} // namespace orrery
