#include "HttpMetrics.h"

#include "MetricsRegistry.h"

namespace orrery {

HttpMetrics::HttpMetrics(MetricsRegistry &registry)
    : m_requests(registry.counter(QStringLiteral("orrery_http_requests_total"),
                                  QStringLiteral("HTTP requests answered, by method, route pattern and status."),
                                  {QStringLiteral("method"), QStringLiteral("route"), QStringLiteral("status")})),
      m_duration(registry.histogram(QStringLiteral("orrery_http_request_duration_seconds"),
                                    QStringLiteral("Time from routing a request to handing its answer to the connection."),
                                    {QStringLiteral("method"), QStringLiteral("route")},
                                    MetricsRegistry::latencyBuckets()))
{
}

void HttpMetrics::requestFinished(const RequestRecord &record)
{
    const QString method = QString::fromLatin1(record.method);
    if (m_requests)
        m_requests->inc({method, record.route, QString::number(record.status)});
    if (m_duration)
        m_duration->observe({method, record.route}, double(record.durationNs) / 1e9);
}

} // namespace orrery
