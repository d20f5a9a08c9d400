#pragma once

#include "MetricFamily.h"

#include <QHash>
#include <QList>
#include <vector>

namespace orrery {

// Observations counted into cumulative buckets per label set (Prometheus "histogram"):
// name_bucket{le="..."}, name_sum and name_count. Upper bounds are fixed at creation.
class MetricHistogram final : public MetricFamily
{
public:
    MetricHistogram(QString name, QString help, QStringList labelNames, QList<double> upperBounds);
    QString type() const override { return QStringLiteral("histogram"); }

    void observe(const QStringList &labelValues, double value);
    const QList<double> &upperBounds() const { return m_bounds; }
    quint64 count(const QStringList &labelValues = {}) const;
    double sum(const QStringList &labelValues = {}) const;
    // Count of observations <= the bound at `index` (cumulative), for tests.
    quint64 cumulative(const QStringList &labelValues, int index) const;

protected:
    void writeSeries(MetricsWriter &writer) const override;

private:
    struct Series
    {
        std::vector<quint64> buckets; // per bound, not cumulative; last = +Inf
        double sum = 0;
        quint64 count = 0;
    };
    QList<double> m_bounds; // ascending, finite
    QHash<QStringList, Series> m_series;
    QList<QStringList> m_order;
};

} // namespace orrery
