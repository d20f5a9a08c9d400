#pragma once

#include "MetricCounter.h"
#include "MetricGauge.h"
#include "MetricHistogram.h"
#include "MetricsWriter.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <functional>
#include <memory>
#include <vector>

namespace orrery {

// The metrics /metrics serves, in the Prometheus text format. Modules declare families once
// (counter / gauge / histogram, with fixed label names) and record into them from any thread;
// values that are cheaper to compute when scraped come from collectors.
//
//   auto replays = api->metrics()->counter("orrery_example_replays_total", "Replays asked", {"kind"});
//   replays->inc({"bulk"});
//
// Declaring a name again returns the existing family when type and labels match, nullptr
// (with a warning) when they do not or the name is invalid. Thread-safe.
class MetricsRegistry
{
public:
    std::shared_ptr<MetricCounter> counter(const QString &name, const QString &help, const QStringList &labelNames = {});
    std::shared_ptr<MetricGauge> gauge(const QString &name, const QString &help, const QStringList &labelNames = {});
    std::shared_ptr<MetricHistogram> histogram(const QString &name, const QString &help, const QStringList &labelNames,
                                               const QList<double> &upperBounds);

    // A collector writes families at scrape time (MetricsWriter::family + sample). It runs on the
    // scraping thread (never the API server thread), so it may wait a little for another thread
    // (waitForReply); a collector that reads the store registers with StoreMetrics instead, which
    // hands it the scrape's connection. Keep it quick.
    using Collector = std::function<void(MetricsWriter &)>;
    int addCollector(Collector collector);
    void removeCollector(int id);

    // Declared families first (in declaration order), then each collector's.
    QByteArray render() const;
    void render(MetricsWriter &writer) const;

    // Latency buckets in seconds, 0.5 ms .. 10 s.
    static QList<double> latencyBuckets();
    static QByteArray contentType() { return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"); }

private:
    template<typename T, typename Make>
    std::shared_ptr<T> declare(const QString &name, const QStringList &labelNames, Make make);

    mutable QMutex m_mutex;
    std::vector<std::shared_ptr<MetricFamily>> m_families;
    QList<QPair<int, Collector>> m_collectors;
    int m_nextCollector = 1;
};

} // namespace orrery
