#pragma once

#include <QtGlobal>
#include <atomic>

namespace orrery {

// Injectable wall-clock time in microseconds since the Unix epoch, for measurements finer than
// Clock's milliseconds (event delivery latency). Wall time rather than a monotonic clock so that
// an event created on another instance (Redis fan-out) can be measured against it.
class MicroClock
{
public:
    virtual ~MicroClock() = default;
    virtual qint64 nowUs() const = 0;
};

class SystemMicroClock final : public MicroClock
{
public:
    qint64 nowUs() const override;
    static const SystemMicroClock *instance();
};

// Only moves when told to. Thread-safe.
class ManualMicroClock final : public MicroClock
{
public:
    explicit ManualMicroClock(qint64 startUs = 1'700'000'000'000'000) : m_now(startUs) {}
    qint64 nowUs() const override { return m_now.load(); }
    void setUs(qint64 us) { m_now.store(us); }
    void advanceUs(qint64 us) { m_now.fetch_add(us); }

private:
    std::atomic<qint64> m_now;
};

} // namespace orrery
