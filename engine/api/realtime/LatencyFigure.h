#pragma once

#include "api/StatsRegistry.h"

#include <memory>

namespace orrery {

class LatencyTimeline;

// websocketP95LatencyMs of GET /api/stats (docs/realtime.md, "Operating figure"): the 95th
// percentile of the hub's delivery latency (event creation to socket write) over the deliveries
// of the window, from the hub's LatencyTimeline (to the minute). Missing when nothing was
// delivered in the window. Thread-safe.
class LatencyFigure
{
public:
    static StatsFigure compute(const LatencyTimeline &timeline, qint64 windowMs, qint64 nowMs);
    // Registers the provider (it keeps `timeline` alive); removeProvider() undoes it.
    static void registerProvider(StatsRegistry *registry, const std::shared_ptr<const LatencyTimeline> &timeline);
    static void removeProvider(StatsRegistry *registry);
};

} // namespace orrery
