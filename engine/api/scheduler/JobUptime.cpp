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

JobUptime::Window &JobUptime::Window::operator+=(const Window &o)
{
    fired += o.fired;
    missed += o.missed;
    startFailed += o.startFailed;
    completed += o.completed;
    endedFailed += o.endedFailed;
    return *this;
}

QJsonObject JobUptime::Window::toJson() const
{
    return QJsonObject{{QStringLiteral("due"), qRound64(due())},
                       {QStringLiteral("fired"), qRound64(fired)},
                       {QStringLiteral("missed"), qRound64(missed)},
                       {QStringLiteral("startFailed"), qRound64(startFailed)},
                       {QStringLiteral("completed"), qRound64(completed)},
                       {QStringLiteral("endedFailed"), qRound64(endedFailed)}};
}

void JobUptime::add(qint64 atMs, Kind kind, double n, Source source)
{
    const qint64 index = floorDiv(atMs, m_sliceMs);
    const qint64 size = qint64(m_ring.size());
    Slice &s = m_ring[size_t(((index % size) + size) % size)];
    if (s.index > index)
        return; // older than the ring holds
    if (s.index != index)
        s = Slice{index, {}};
    if (source == Source::Remote)
        m_anyRemote = true;
    Window &w = s.counts[int(source)];
    switch (kind) {
    case Kind::Fired: w.fired += n; break;
    case Kind::Missed: w.missed += n; break;
    case Kind::StartFailed: w.startFailed += n; break;
    case Kind::Completed: w.completed += n; break;
    case Kind::EndedFailed: w.endedFailed += n; break;
    }
}

void JobUptime::recordFired(qint64 scheduledMs, Source source)
{
    QMutexLocker lock(&m_mutex);
    add(scheduledMs, Kind::Fired, 1, source);
}

void JobUptime::recordStartFailed(qint64 scheduledMs, Source source)
{
    QMutexLocker lock(&m_mutex);
    add(scheduledMs, Kind::StartFailed, 1, source);
}

void JobUptime::recordEnded(qint64 scheduledMs, bool completed, Source source)
{
    QMutexLocker lock(&m_mutex);
    add(scheduledMs, completed ? Kind::Completed : Kind::EndedFailed, 1, source);
}

void JobUptime::recordMissed(qint64 firstMs, qint64 lastMs, int count, Source source)
{
    if (count <= 0)
        return;
    if (lastMs < firstMs)
        std::swap(firstMs, lastMs);
    QMutexLocker lock(&m_mutex);
    if (count == 1 || lastMs == firstMs) {
        add(firstMs, Kind::Missed, count, source);
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
            add(i * m_sliceMs, Kind::Missed, n, source);
    }
}

void JobUptime::recordEvent(const EngineEvent &event, Source source)
{
    const QJsonObject &p = event.payload;
    if (p.value(QStringLiteral("manual")).toBool())
        return;
    const qint64 scheduled = qint64(p.value(QStringLiteral("scheduledTimeMs")).toDouble(-1));
    if (scheduled < 0)
        return;
    if (event.name == QLatin1String("job_fired")) {
        recordFired(scheduled, source);
    } else if (event.name == QLatin1String("job_missed")) {
        const int count = std::max(1, p.value(QStringLiteral("count")).toInt(1));
        qint64 last = scheduled;
        if (count > 1) {
            if (auto parsed = IsoDateTime::parseInstant(p.value(QStringLiteral("lastScheduledTime")).toString()); parsed)
                last = *parsed;
        }
        recordMissed(scheduled, last, count, source);
    } else if (event.name == QLatin1String("job_error")
               && p.value(QStringLiteral("reason")).toString() == QLatin1String("start_failed")) {
        recordStartFailed(scheduled, source);
    } else if (event.name == QLatin1String("job_run_finished")) {
        if (p.value(QStringLiteral("detail")).toObject().value(QStringLiteral("source")).toString() == QLatin1String("remote"))
            source = Source::Remote;
        recordEnded(scheduled, p.value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED"), source);
    }
}

void JobUptime::seed(const JobRun &run, Source source)
{
    if (run.manual)
        return;
    if (run.detail.value(QStringLiteral("source")).toString() == QLatin1String("remote"))
        source = Source::Remote;
    switch (run.status) {
    case JobRun::Status::Claimed:
        return; // in flight: its job_fired (or job_missed) is still to come
    case JobRun::Status::Missed:
        recordMissed(run.scheduledMs, run.lastScheduledMs > 0 ? run.lastScheduledMs : run.scheduledMs, run.count, source);
        return;
    case JobRun::Status::StartFailed:
        recordStartFailed(run.scheduledMs, source);
        return;
    case JobRun::Status::Running:
        recordFired(run.scheduledMs, source);
        return; // its end is still to come
    case JobRun::Status::Completed:
    case JobRun::Status::Failed:
    case JobRun::Status::TimedOut:
    case JobRun::Status::Terminated:
        recordFired(run.scheduledMs, source);
        recordEnded(run.scheduledMs, run.status == JobRun::Status::Completed, source);
        return;
    }
}

JobUptime::Window JobUptime::sum(qint64 windowMs, qint64 nowMs, int fromSource, int toSource) const
{
    const qint64 last = floorDiv(nowMs, m_sliceMs);
    const qint64 first = std::max(floorDiv(nowMs - std::max<qint64>(0, windowMs), m_sliceMs),
                                  last - qint64(m_ring.size()) + 2);
    Window w;
    QMutexLocker lock(&m_mutex);
    for (const Slice &s : m_ring) {
        if (s.index < first || s.index > last)
            continue;
        for (int i = fromSource; i <= toSource; ++i)
            w += s.counts[i];
    }
    return w;
}

JobUptime::Window JobUptime::window(qint64 windowMs, qint64 nowMs) const
{
    return sum(windowMs, nowMs, 0, 1);
}

JobUptime::Window JobUptime::window(qint64 windowMs, qint64 nowMs, Source source) const
{
    return sum(windowMs, nowMs, int(source), int(source));
}

StatsFigure JobUptime::figure(qint64 windowMs, qint64 nowMs) const
{
    const Window local = window(windowMs, nowMs, Source::Local);
    const Window remote = window(windowMs, nowMs, Source::Remote);
    Window w = local;
    w += remote;
    if (w.due() < 0.5)
        return StatsFigure::missing(QStringLiteral("no job was due in the window"));
    QJsonObject detail = w.toJson();
    bool anyRemote;
    {
        QMutexLocker lock(&m_mutex);
        anyRemote = m_anyRemote;
    }
    if (anyRemote) { // client mode (now or in the seeded history): how much of it ran on the server
        detail.insert(QStringLiteral("local"), local.toJson());
        detail.insert(QStringLiteral("remote"), remote.toJson());
    }
    return StatsFigure::of(w.fired / w.due(), detail);
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
