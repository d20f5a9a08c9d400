#pragma once

#include "MetricFamily.h"

#include <QHash>

namespace orrery {

// A monotonically increasing count per label set (Prometheus "counter"; name it *_total).
class MetricCounter final : public MetricFamily
{
public:
    using MetricFamily::MetricFamily;
    QString type() const override { return QStringLiteral("counter"); }

    void inc(const QStringList &labelValues = {}, double by = 1.0);
    double value(const QStringList &labelValues = {}) const;

protected:
    void writeSeries(MetricsWriter &writer) const override;

private:
    QHash<QStringList, double> m_values;
    QList<QStringList> m_order; // series in first-seen order, for a stable output
};

} // namespace orrery
