#include "LiveOpsCounters.h"

#include "DeltaBatch.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace orrery {

void LiveOpsCounters::record(const DeltaBatch &batch)
{
    const qint64 now = m_clock->nowMs();
    if (batch.tasksRetried > 0)
        m_retries.push_back({now, batch.tasksRetried});
    for (const QJsonObject &e : batch.otherEvents) {
        const QString name = e.value(QLatin1String("event")).toString();
        if (name == QLatin1String("breaker_state_changed") && e.value(QLatin1String("to")).toString() == QLatin1String("OPEN"))
            m_trips.push_back({now, 1});
        else if (name == QLatin1String("job_fired")) {
            m_fired.push_back({now, 1});
            if (e.contains(QLatin1String("latenessMs")))
                m_lateness.push_back({now, qint64(e.value(QLatin1String("latenessMs")).toDouble())});
        } else if (name == QLatin1String("job_missed"))
            m_missed.push_back({now, 1});
    }
    if (batch.timeMs > 0 && !batch.resync)
        m_delays.push_back({now, std::max<qint64>(0, now - batch.timeMs)});
    expire();
}

void LiveOpsCounters::expire() const
{
    const qint64 now = m_clock->nowMs();
    for (auto *d : {&m_retries, &m_trips, &m_fired, &m_missed, &m_lateness})
        while (!d->empty() && d->front().atMs <= now - kWindowMs)
            d->pop_front();
    while (!m_delays.empty() && m_delays.front().atMs <= now - kDelayWindowMs)
        m_delays.pop_front();
}

int LiveOpsCounters::total(const std::deque<Sample> &samples)
{
    qint64 n = 0;
    for (const Sample &s : samples)
        n += s.value;
    return int(n);
}

qint64 LiveOpsCounters::percentile(const std::deque<Sample> &samples, double p)
{
    if (samples.empty())
        return -1;
    std::vector<qint64> v;
    v.reserve(samples.size());
    for (const Sample &s : samples)
        v.push_back(s.value);
    // Nearest rank: the smallest value with at least p of the samples at or below it.
    const size_t rank = size_t(std::max(1.0, std::ceil(p * double(v.size()))));
    std::nth_element(v.begin(), v.begin() + long(rank - 1), v.end());
    return v[rank - 1];
}

int LiveOpsCounters::retries() const { expire(); return total(m_retries); }
int LiveOpsCounters::breakerTrips() const { expire(); return total(m_trips); }
int LiveOpsCounters::jobsFired() const { expire(); return total(m_fired); }
int LiveOpsCounters::jobsMissed() const { expire(); return total(m_missed); }
qint64 LiveOpsCounters::latenessPercentile(double p) const { expire(); return percentile(m_lateness, p); }
qint64 LiveOpsCounters::eventDelayPercentile(double p) const { expire(); return percentile(m_delays, p); }

qint64 LiveOpsCounters::latenessMax() const
{
    expire();
    qint64 m = -1;
    for (const Sample &s : m_lateness)
        m = std::max(m, s.value);
    return m;
}

} // namespace orrery
