#pragma once

#include "MetricFamily.h"

#include <QHash>

namespace orrery {

// A value that goes up and down per label set (Prometheus "gauge").
class MetricGauge final : public MetricFamily
{
public:
    using MetricFamily::MetricFamily;
    QString type() const override { return QStringLiteral("gauge"); }

    void set(const QStringList &labelValues, double value);
    void add(const QStringList &labelValues, double delta);
    // Drops one series (e.g. a breaker that was removed).
    void remove(const QStringList &labelValues);
    double value(const QStringList &labelValues = {}) const;

protected:
    void writeSeries(MetricsWriter &writer) const override;

private:
    QHash<QStringList, double> m_values;
    QList<QStringList> m_order;
};

} // namespace orrery
