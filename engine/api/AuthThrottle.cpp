#include "AuthThrottle.h"

#include <QLoggingCategory>

namespace orrery {

namespace {
Q_LOGGING_CATEGORY(lcAuth, "orrery.api.auth")
constexpr int kMaxAddresses = 10'000;
}

AuthThrottle::AuthThrottle(int limit, int windowMs, int lockoutMs)
    : m_limit(qMax(0, limit)), m_windowMs(qMax(1, windowMs)), m_lockoutMs(qMax(1, lockoutMs))
{
}

qint64 AuthThrottle::blockedFor(const QString &address, qint64 nowMs)
{
    if (m_limit <= 0)
        return 0;
    QMutexLocker lock(&m_mutex);
    auto it = m_entries.constFind(address);
    if (it == m_entries.constEnd() || it->blockedUntilMs <= nowMs)
        return 0;
    return it->blockedUntilMs - nowMs;
}

bool AuthThrottle::failed(const QString &address, qint64 nowMs)
{
    if (m_limit <= 0)
        return false;
    QMutexLocker lock(&m_mutex);
    if (!m_entries.contains(address) && m_entries.size() >= kMaxAddresses)
        evictOldest();
    Entry &e = m_entries[address];
    e.lastMs = nowMs;
    e.failures.push_back(nowMs);
    while (!e.failures.empty() && e.failures.front() <= nowMs - m_windowMs)
        e.failures.pop_front();
    if (int(e.failures.size()) >= m_limit) {
        e.blockedUntilMs = nowMs + m_lockoutMs;
        e.failures.clear();
        // Logged once per lockout, when it starts (the refusals during it are not).
        qCWarning(lcAuth).noquote() << "authentication throttle:" << address << "presented" << m_limit
                                    << "invalid tokens within" << m_windowMs / 1000 << "s; it is refused for"
                                    << m_lockoutMs / 1000 << "s";
        return true;
    }
    return false;
}

void AuthThrottle::succeeded(const QString &address)
{
    if (m_limit <= 0)
        return;
    QMutexLocker lock(&m_mutex);
    // A blocked address never gets this far (it is answered 429 before authentication).
    if (!m_entries.isEmpty())
        m_entries.remove(address);
}

void AuthThrottle::evictOldest()
{
    auto oldest = m_entries.begin();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->lastMs < oldest->lastMs)
            oldest = it;
    }
    if (oldest != m_entries.end())
        m_entries.erase(oldest);
}

} // namespace orrery
