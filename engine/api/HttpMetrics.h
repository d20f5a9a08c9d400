#pragma once

#include "RequestObserver.h"

#include <memory>

namespace orrery {

class MetricCounter;
class MetricHistogram;
class MetricsRegistry;

// Records every answered request into the registry:
//   orrery_http_requests_total{method,route,status}        counter
//   orrery_http_request_duration_seconds{method,route}     histogram (MetricsRegistry::latencyBuckets)
// `route` is the matched pattern ("/api/tasks/{taskId}"), "unmatched" or "preflight", so the
// number of series stays bounded whatever paths clients send.
class HttpMetrics final : public RequestObserver
{
public:
    explicit HttpMetrics(MetricsRegistry &registry);
    void requestFinished(const RequestRecord &record) override;

private:
    std::shared_ptr<MetricCounter> m_requests;
    std::shared_ptr<MetricHistogram> m_duration;
};

} // namespace orrery
