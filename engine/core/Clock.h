#pragma once

#include <QtGlobal>
#include <QDateTime>
#include <QTimeZone>
#include <QMutex>

namespace orrery {

// Injectable time source. Everything time-dependent (backoff, breakers, schedules,
// leases) reads time through a Clock so that tests run in virtual time.
// Times are milliseconds since the Unix epoch (UTC), as in Conductor's JSON.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    QDateTime nowUtc() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    static SystemClock *instance();
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000) : m_now(startMs) {}
    qint64 nowMs() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_now;
    }
    void setMs(qint64 ms)
    {
        QMutexLocker lock(&m_mutex);
        m_now = ms;
    }
    void advanceMs(qint64 ms)
    {
        QMutexLocker lock(&m_mutex);
        m_now += ms;
    }

private:
    mutable QMutex m_mutex;
    qint64 m_now;
};

} // namespace orrery
