#include "api/scheduler/JobUptime.h"

#include "core/EngineEvent.h"
#include "scheduler/IsoDateTime.h"
#include "scheduler/JobRun.h"

#include <algorithm>

namespace orrery {

JobUptime::JobUptime(qint64 sliceMs, qint64 retentionMs)
    : m_sliceMs(std::max<qint64>(1, sliceMs))
    , m_ring(size_t(std::max<qint64>(1, (retentionMs + m_sliceMs - 1) / m_sliceMs) + 1))
{
}

qint64 JobUptime::floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

void JobUptime::add(qint64 atMs, Kind kind, double n)
{
    const qint64 index = floorDiv(atMs, m_sliceMs);
    const qint64 size = qint64(m_ring.size());
    Slice &s = m_ring[size_t(((index % size) + size) % size)];
    if (s.index > index)
        return; // older than the ring holds
    if (s.index != index)
        s = Slice{index, {}};
    switch (kind) {
    case Kind::Fired: s.counts.fired += n; break;
    case Kind::Missed: s.counts.missed += n; break;
    case Kind::StartFailed: s.counts.startFailed += n; break;
    }
}

void JobUptime::recordFired(qint64 scheduledMs)
{
    QMutexLocker lock(&m_mutex);
    add(scheduledMs, Kind::Fired, 1);
}

void JobUptime::recordStartFailed(qint64 scheduledMs)
{
    QMutexLocker lock(&m_mutex);
    add(scheduledMs, Kind::StartFailed, 1);
}

void JobUptime::recordMissed(qint64 firstMs, qint64 lastMs, int count)
{
    if (count <= 0)
        return;
    if (lastMs < firstMs)
        std::swap(firstMs, lastMs);
    QMutexLocker lock(&m_mutex);
    if (count == 1 || lastMs == firstMs) {
        add(firstMs, Kind::Missed, count);
        return;
    }
    // Spread the instants over the slices of [first, last] in proportion to the overlap; only
    // the part the ring can hold is walked (a folded record may span days).
    const double span = double(lastMs - firstMs);
    const qint64 firstIndex = floorDiv(firstMs, m_sliceMs);
    const qint64 lastIndex = floorDiv(lastMs, m_sliceMs);
    const qint64 from = std::max(firstIndex, lastIndex - qint64(m_ring.size()) + 1);
    for (qint64 i = from; i <= lastIndex; ++i) {
        const qint64 lo = std::max(firstMs, i * m_sliceMs);
        const qint64 hi = std::min(lastMs, (i + 1) * m_sliceMs);
        // The first and last instants are exact; the ones between are spread evenly.
        double n = double(count - 2) * double(std::max<qint64>(0, hi - lo)) / span;
        if (i == firstIndex)
            n += 1;
        if (i == lastIndex)
            n += 1;
        if (n > 0)
            add(i * m_sliceMs, Kind::Missed, n);
    }
}

void JobUptime::recordEvent(const EngineEvent &event)
{
    const QJsonObject &p = event.payload;
    if (p.value(QStringLiteral("manual")).toBool())
        return;
    const qint64 scheduled = qint64(p.value(QStringLiteral("scheduledTimeMs")).toDouble(-1));
    if (scheduled < 0)
        return;
    if (event.name == QLatin1String("job_fired")) {
        recordFired(scheduled);
    } else if (event.name == QLatin1String("job_missed")) {
        const int count = std::max(1, p.value(QStringLiteral("count")).toInt(1));
        qint64 last = scheduled;
        if (count > 1) {
            if (auto parsed = IsoDateTime::parseInstant(p.value(QStringLiteral("lastScheduledTime")).toString()); parsed)
                last = *parsed;
        }
        recordMissed(scheduled, last, count);
    } else if (event.name == QLatin1String("job_error")
               && p.value(QStringLiteral("reason")).toString() == QLatin1String("start_failed")) {
        recordStartFailed(scheduled);
    }
}

void JobUptime::seed(const JobRun &run)
{
    if (run.manual)
        return;
    switch (run.status) {
    case JobRun::Status::Claimed:
        return; // in flight: its job_fired (or job_missed) is still to come
    case JobRun::Status::Missed:
        recordMissed(run.scheduledMs, run.lastScheduledMs > 0 ? run.lastScheduledMs : run.scheduledMs, run.count);
        return;
    case JobRun::Status::StartFailed:
        recordStartFailed(run.scheduledMs);
        return;
    case JobRun::Status::Running:
    case JobRun::Status::Completed:
    case JobRun::Status::Failed:
    case JobRun::Status::TimedOut:
    case JobRun::Status::Terminated:
        recordFired(run.scheduledMs);
        return;
    }
}

JobUptime::Window JobUptime::window(qint64 windowMs, qint64 nowMs) const
{
    const qint64 last = floorDiv(nowMs, m_sliceMs);
    const qint64 first = std::max(floorDiv(nowMs - std::max<qint64>(0, windowMs), m_sliceMs),
                                  last - qint64(m_ring.size()) + 2);
    Window w;
    QMutexLocker lock(&m_mutex);
    for (const Slice &s : m_ring) {
        if (s.index < first || s.index > last)
            continue;
        w.fired += s.counts.fired;
        w.missed += s.counts.missed;
        w.startFailed += s.counts.startFailed;
    }
    return w;
}

StatsFigure JobUptime::figure(qint64 windowMs, qint64 nowMs) const
{
    const Window w = window(windowMs, nowMs);
    if (w.due() < 0.5)
        return StatsFigure::missing(QStringLiteral("no job was due in the window"));
    return StatsFigure::of(w.fired / w.due(), QJsonObject{{QStringLiteral("due"), qRound64(w.due())},
                                                          {QStringLiteral("fired"), qRound64(w.fired)},
                                                          {QStringLiteral("missed"), qRound64(w.missed)},
                                                          {QStringLiteral("startFailed"), qRound64(w.startFailed)}});
}

void JobUptime::registerProvider(StatsRegistry *registry, const std::shared_ptr<const JobUptime> &uptime)
{
    if (!registry || !uptime)
        return;
    registry->setProvider(QLatin1String(StatsRegistry::kScheduledJobUptime),
                          [uptime](qint64 windowMs, qint64 nowMs) { return uptime->figure(windowMs, nowMs); });
}

void JobUptime::removeProvider(StatsRegistry *registry)
{
    if (registry)
        registry->removeProvider(QLatin1String(StatsRegistry::kScheduledJobUptime));
}

} // namespace orrery
