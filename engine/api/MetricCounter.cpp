#include "MetricCounter.h"

namespace orrery {

void MetricCounter::inc(const QStringList &labelValues, double by)
{
    if (by < 0 || !checkLabels(labelValues))
        return;
    QMutexLocker lock(&m_mutex);
    auto it = m_values.find(labelValues);
    if (it == m_values.end()) {
        m_values.insert(labelValues, by);
        m_order.append(labelValues);
    } else {
        *it += by;
    }
}

double MetricCounter::value(const QStringList &labelValues) const
{
    QMutexLocker lock(&m_mutex);
    return m_values.value(labelValues, 0.0);
}

void MetricCounter::writeSeries(MetricsWriter &writer) const
{
    for (const QStringList &series : m_order)
        writer.sample(name(), labels(series), m_values.value(series));
}

} // namespace orrery
