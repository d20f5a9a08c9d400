#include "MetricGauge.h"

namespace orrery {

void MetricGauge::set(const QStringList &labelValues, double value)
{
    if (!checkLabels(labelValues))
        return;
    QMutexLocker lock(&m_mutex);
    if (!m_values.contains(labelValues))
        m_order.append(labelValues);
    m_values.insert(labelValues, value);
}

void MetricGauge::add(const QStringList &labelValues, double delta)
{
    if (!checkLabels(labelValues))
        return;
    QMutexLocker lock(&m_mutex);
    auto it = m_values.find(labelValues);
    if (it == m_values.end()) {
        m_values.insert(labelValues, delta);
        m_order.append(labelValues);
    } else {
        *it += delta;
    }
}

void MetricGauge::remove(const QStringList &labelValues)
{
    QMutexLocker lock(&m_mutex);
    if (m_values.remove(labelValues) > 0)
        m_order.removeOne(labelValues);
}

double MetricGauge::value(const QStringList &labelValues) const
{
    QMutexLocker lock(&m_mutex);
    return m_values.value(labelValues, 0.0);
}

void MetricGauge::writeSeries(MetricsWriter &writer) const
{
    for (const QStringList &series : m_order)
        writer.sample(name(), labels(series), m_values.value(series));
}

} // namespace orrery
