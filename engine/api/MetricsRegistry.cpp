#include "MetricsRegistry.h"

#include <QDebug>

namespace orrery {

template<typename T, typename Make>
std::shared_ptr<T> MetricsRegistry::declare(const QString &name, const QStringList &labelNames, Make make)
{
    if (!MetricsWriter::isValidName(name)) {
        qWarning("metric name '%s' is invalid (use [a-zA-Z_:][a-zA-Z0-9_:]*)", qPrintable(name));
        return nullptr;
    }
    for (const QString &l : labelNames) {
        if (!MetricsWriter::isValidLabelName(l) || l == QLatin1String("le")) {
            qWarning("metric %s: label name '%s' is invalid", qPrintable(name), qPrintable(l));
            return nullptr;
        }
    }
    QMutexLocker lock(&m_mutex);
    for (const auto &f : m_families) {
        if (f->name() != name)
            continue;
        auto typed = std::dynamic_pointer_cast<T>(f);
        if (!typed || f->labelNames() != labelNames) {
            qWarning("metric %s is already declared as a %s with labels (%s)", qPrintable(name), qPrintable(f->type()),
                     qPrintable(f->labelNames().join(QLatin1Char(','))));
            return nullptr;
        }
        return typed;
    }
    std::shared_ptr<T> created = make();
    m_families.push_back(created);
    return created;
}

std::shared_ptr<MetricCounter> MetricsRegistry::counter(const QString &name, const QString &help,
                                                        const QStringList &labelNames)
{
    return declare<MetricCounter>(name, labelNames,
                                  [&] { return std::make_shared<MetricCounter>(name, help, labelNames); });
}

std::shared_ptr<MetricGauge> MetricsRegistry::gauge(const QString &name, const QString &help, const QStringList &labelNames)
{
    return declare<MetricGauge>(name, labelNames, [&] { return std::make_shared<MetricGauge>(name, help, labelNames); });
}

std::shared_ptr<MetricHistogram> MetricsRegistry::histogram(const QString &name, const QString &help,
                                                            const QStringList &labelNames, const QList<double> &upperBounds)
{
    return declare<MetricHistogram>(
        name, labelNames, [&] { return std::make_shared<MetricHistogram>(name, help, labelNames, upperBounds); });
}

int MetricsRegistry::addCollector(Collector collector)
{
    QMutexLocker lock(&m_mutex);
    const int id = m_nextCollector++;
    m_collectors.append({id, std::move(collector)});
    return id;
}

void MetricsRegistry::removeCollector(int id)
{
    QMutexLocker lock(&m_mutex);
    m_collectors.removeIf([id](const auto &c) { return c.first == id; });
}

QByteArray MetricsRegistry::render() const
{
    MetricsWriter writer;
    render(writer);
    return writer.text();
}

void MetricsRegistry::render(MetricsWriter &writer) const
{
    std::vector<std::shared_ptr<MetricFamily>> families;
    QList<QPair<int, Collector>> collectors;
    {
        QMutexLocker lock(&m_mutex);
        families = m_families;
        collectors = m_collectors;
    }
    for (const auto &f : families)
        f->write(writer);
    for (const auto &c : collectors)
        c.second(writer);
}

QList<double> MetricsRegistry::latencyBuckets()
{
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

} // namespace orrery
