#include "MetricHistogram.h"

#include <algorithm>
#include <cmath>

namespace orrery {

MetricHistogram::MetricHistogram(QString name, QString help, QStringList labelNames, QList<double> upperBounds)
    : MetricFamily(std::move(name), std::move(help), std::move(labelNames))
{
    for (double b : upperBounds) {
        if (std::isfinite(b))
            m_bounds.append(b);
    }
    std::sort(m_bounds.begin(), m_bounds.end());
    m_bounds.erase(std::unique(m_bounds.begin(), m_bounds.end()), m_bounds.end());
}

void MetricHistogram::observe(const QStringList &labelValues, double value)
{
    if (!checkLabels(labelValues) || std::isnan(value))
        return;
    const qsizetype index = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value) - m_bounds.cbegin();
    QMutexLocker lock(&m_mutex);
    auto it = m_series.find(labelValues);
    if (it == m_series.end()) {
        it = m_series.insert(labelValues, Series{std::vector<quint64>(size_t(m_bounds.size()) + 1, 0), 0, 0});
        m_order.append(labelValues);
    }
    ++it->buckets[size_t(index)];
    it->sum += value;
    ++it->count;
}

quint64 MetricHistogram::count(const QStringList &labelValues) const
{
    QMutexLocker lock(&m_mutex);
    return m_series.value(labelValues).count;
}

double MetricHistogram::sum(const QStringList &labelValues) const
{
    QMutexLocker lock(&m_mutex);
    return m_series.value(labelValues).sum;
}

quint64 MetricHistogram::cumulative(const QStringList &labelValues, int index) const
{
    QMutexLocker lock(&m_mutex);
    const Series s = m_series.value(labelValues);
    quint64 total = 0;
    for (int i = 0; i <= index && size_t(i) < s.buckets.size(); ++i)
        total += s.buckets[size_t(i)];
    return total;
}

void MetricHistogram::writeSeries(MetricsWriter &writer) const
{
    const QString bucket = name() + QStringLiteral("_bucket");
    for (const QStringList &key : m_order) {
        const Series &s = m_series[key];
        const MetricLabels base = labels(key);
        quint64 running = 0;
        for (qsizetype i = 0; i <= m_bounds.size(); ++i) {
            running += s.buckets[size_t(i)];
            MetricLabels l = base;
            l.append({QStringLiteral("le"), i < m_bounds.size() ? QString::fromLatin1(MetricsWriter::formatValue(m_bounds.at(i)))
                                                                : QStringLiteral("+Inf")});
            writer.sample(bucket, l, double(running));
        }
        writer.sample(name() + QStringLiteral("_sum"), base, s.sum);
        writer.sample(name() + QStringLiteral("_count"), base, double(s.count));
    }
}

} // namespace orrery
