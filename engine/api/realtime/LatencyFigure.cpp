#include "LatencyFigure.h"

#include "LatencyTimeline.h"

namespace orrery {

namespace {

double ms(qint64 us)
{
    return double(us) / 1000.0;
}

} // namespace

StatsFigure LatencyFigure::compute(const LatencyTimeline &timeline, qint64 windowMs, qint64 nowMs)
{
    const LatencyHistogram h = timeline.window(windowMs, nowMs);
    if (h.count() == 0)
        return StatsFigure::missing(QStringLiteral("no WebSocket delivery in the window"));
    return StatsFigure::of(ms(h.percentileUs(0.95)),
                           QJsonObject{{QStringLiteral("deliveries"), double(h.count())},
                                       {QStringLiteral("p50Ms"), ms(h.percentileUs(0.50))},
                                       {QStringLiteral("p99Ms"), ms(h.percentileUs(0.99))},
                                       {QStringLiteral("maxMs"), ms(h.maxUs())},
                                       {QStringLiteral("resolutionMs"), double(timeline.sliceMs())}});
}

void LatencyFigure::registerProvider(StatsRegistry *registry, const std::shared_ptr<const LatencyTimeline> &timeline)
{
    if (!registry || !timeline)
        return;
    registry->setProvider(QLatin1String(StatsRegistry::kWebSocketP95), [timeline](qint64 windowMs, qint64 nowMs) {
        return compute(*timeline, windowMs, nowMs);
    });
}

void LatencyFigure::removeProvider(StatsRegistry *registry)
{
    if (registry)
        registry->removeProvider(QLatin1String(StatsRegistry::kWebSocketP95));
}

} // namespace orrery
