#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <deque>

namespace orrery {

// Slows down token guessing: counts failed authentications per client address and, once
// `limit` of them fall within `windowMs`, blocks that address for `lockoutMs`. blockedFor()
// answers how many milliseconds the address stays blocked (0 = not blocked). A successful
// authentication clears the address's failures. At most 10,000 addresses are tracked (the
// oldest are dropped first). Thread-safe; times come from the caller's clock.
// failed() returns true when that failure starts a lockout, which is logged (a warning naming the
// address, once per lockout). The HTTP router and the WebSocket hub share one throttle.
class AuthThrottle
{
public:
    AuthThrottle(int limit, int windowMs, int lockoutMs);

    bool enabled() const { return m_limit > 0; }
    qint64 blockedFor(const QString &address, qint64 nowMs);
    bool failed(const QString &address, qint64 nowMs);
    void succeeded(const QString &address);

private:
    struct Entry
    {
        std::deque<qint64> failures; // times of recent failures, oldest first
        qint64 blockedUntilMs = 0;
        qint64 lastMs = 0;
    };
    void evictOldest();

    const int m_limit;
    const int m_windowMs;
    const int m_lockoutMs;
    QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace orrery
