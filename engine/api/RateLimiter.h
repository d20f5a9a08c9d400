#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

namespace orrery {

// Token buckets keyed by a string (an API token id): each holds at most `burst` requests and
// refills at `perSecond`. take() answers 0 when the request may go ahead, else how many
// milliseconds until one more is allowed (for Retry-After). Times come from the caller's clock.
// Thread-safe. Keys idle for a minute are forgotten (their bucket would be full anyway).
class RateLimiter
{
public:
    RateLimiter(int perSecond, int burst);

    bool enabled() const { return m_perSecond > 0; }
    qint64 take(const QString &key, qint64 nowMs);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    void forgetIdle(qint64 nowMs);

    const int m_perSecond;
    const int m_burst;
    QMutex m_mutex;
    QHash<QString, Bucket> m_buckets;
    qint64 m_lastSweepMs = 0;
};

} // namespace orrery
