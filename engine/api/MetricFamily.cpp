#include "MetricFamily.h"

#include <QDebug>

namespace orrery {

MetricFamily::MetricFamily(QString name, QString help, QStringList labelNames)
    : m_name(std::move(name)), m_help(std::move(help)), m_labelNames(std::move(labelNames))
{
}

void MetricFamily::write(MetricsWriter &writer) const
{
    if (!writer.family(m_name, type(), m_help))
        return;
    QMutexLocker lock(&m_mutex);
    writeSeries(writer);
}

bool MetricFamily::checkLabels(const QStringList &values) const
{
    if (values.size() == m_labelNames.size())
        return true;
    qWarning("metric %s: %d label values given for labels (%s); sample dropped", qPrintable(m_name),
             int(values.size()), qPrintable(m_labelNames.join(QLatin1Char(','))));
    return false;
}

MetricLabels MetricFamily::labels(const QStringList &values) const
{
    MetricLabels out;
    out.reserve(values.size());
    for (qsizetype i = 0; i < values.size() && i < m_labelNames.size(); ++i)
        out.append({m_labelNames.at(i), values.at(i)});
    return out;
}

} // namespace orrery
