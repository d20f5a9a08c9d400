#pragma once

#include "LatencyHistogram.h"

#include <QJsonObject>
#include <array>
#include <memory>

namespace orrery {

class LatencyTimeline;

// Counters, rates and delivery latency of the hub. Lives on the hub's thread (not thread-safe);
// tick() once a second rotates the windows: rates over the last 10 s, latency over the last 60 s.
class HubStats
{
public:
    struct Counters
    {
        quint64 messagesIn = 0;     // WebSocket messages received
        quint64 messagesOut = 0;    // WebSocket messages sent (all kinds)
        quint64 eventsIn = 0;       // events taken from the bus
        quint64 deliveries = 0;     // event frames written to sockets
        quint64 droppedSlow = 0;    // event frames dropped for slow clients
        quint64 droppedHub = 0;     // events the hub's bus queue dropped (hub overloaded)
        quint64 gapsSent = 0;
        quint64 slowDisconnects = 0;
        quint64 rateLimited = 0;    // inbound packets refused by the rate limit
        quint64 protocolErrors = 0; // sessions closed for a protocol violation
        quint64 oversized = 0;      // sessions closed for a message above maxPayload
        quint64 pingTimeouts = 0;
        quint64 refusedConnections = 0; // over maxConnections
        quint64 authFailures = 0;
        quint64 sessionsOpened = 0;
        quint64 heartbeatsAcked = 0;
    };

    Counters &counters() { return m_c; }
    const Counters &counters() const { return m_c; }

    void recordLatency(qint64 us)
    {
        m_latency[m_slot].record(us);
        m_latencyTotal.record(us);
        if (m_timeline)
            m_unpublished.record(us);
    }
    void recordHeartbeatRtt(qint64 us) { m_heartbeatRtt.record(us); ++m_c.heartbeatsAcked; }
    void tick();

    // Delivery latencies also go to `timeline` (thread-safe, shared with GET /api/stats), in
    // batches: publishLatency() hands over what was recorded since its last call (the hub calls
    // it every tick, with the time of its clock). nullptr = none.
    void setTimeline(std::shared_ptr<LatencyTimeline> timeline) { m_timeline = std::move(timeline); }
    void publishLatency(qint64 nowMs);

    // Every delivery latency since the hub started (for deltas over a period: since()).
    const LatencyHistogram &latencySinceStart() const { return m_latencyTotal; }

    // {"messages":{"inPerSecond","outPerSecond","in","out"},"events":{...},"latencyMs":{...},...}
    QJsonObject toJson() const;

private:
    static constexpr int kRateWindow = 10;   // seconds
    static constexpr int kLatencySlots = 6;  // x 10 s
    Counters m_c;
    std::array<quint64, kRateWindow> m_inPerSecond{};
    std::array<quint64, kRateWindow> m_outPerSecond{};
    std::array<quint64, kRateWindow> m_deliveriesPerSecond{};
    int m_rateSlot = 0;
    int m_ticks = 0;
    quint64 m_lastIn = 0;
    quint64 m_lastOut = 0;
    quint64 m_lastDeliveries = 0;
    std::array<LatencyHistogram, kLatencySlots> m_latency;
    int m_slot = 0;
    LatencyHistogram m_latencyTotal;
    LatencyHistogram m_heartbeatRtt;
    std::shared_ptr<LatencyTimeline> m_timeline;
    LatencyHistogram m_unpublished; // recorded since the last publishLatency()
};

} // namespace orrery
