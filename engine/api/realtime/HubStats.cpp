#include "HubStats.h"

#include "LatencyTimeline.h"

#include <algorithm>

namespace orrery {

namespace {

double ms(qint64 us)
{
    return double(us) / 1000.0;
}

QJsonObject latencyJson(const LatencyHistogram &h)
{
    return QJsonObject{{QStringLiteral("samples"), double(h.count())},
                       {QStringLiteral("p50"), ms(h.percentileUs(0.50))},
                       {QStringLiteral("p95"), ms(h.percentileUs(0.95))},
                       {QStringLiteral("p99"), ms(h.percentileUs(0.99))},
                       {QStringLiteral("max"), ms(h.maxUs())}};
}

} // namespace

void HubStats::publishLatency(qint64 nowMs)
{
    if (!m_timeline || m_unpublished.count() == 0)
        return;
    m_timeline->add(nowMs, m_unpublished);
    m_unpublished.clear();
}

void HubStats::tick()
{
    m_rateSlot = (m_rateSlot + 1) % kRateWindow;
    m_inPerSecond[size_t(m_rateSlot)] = m_c.messagesIn - m_lastIn;
    m_outPerSecond[size_t(m_rateSlot)] = m_c.messagesOut - m_lastOut;
    m_deliveriesPerSecond[size_t(m_rateSlot)] = m_c.deliveries - m_lastDeliveries;
    m_lastIn = m_c.messagesIn;
    m_lastOut = m_c.messagesOut;
    m_lastDeliveries = m_c.deliveries;
    if (++m_ticks % 10 == 0) {
        m_slot = (m_slot + 1) % kLatencySlots;
        m_latency[size_t(m_slot)].clear();
    }
}

QJsonObject HubStats::toJson() const
{
    const int seconds = std::clamp(m_ticks, 1, kRateWindow);
    auto rate = [&](const std::array<quint64, kRateWindow> &a) {
        quint64 sum = 0;
        for (int i = 0; i < seconds; ++i)
            sum += a[size_t((m_rateSlot - i + kRateWindow) % kRateWindow)];
        return double(sum) / seconds;
    };
    LatencyHistogram recent;
    for (const LatencyHistogram &h : m_latency)
        recent.merge(h);

    QJsonObject latency = latencyJson(recent);
    latency.insert(QStringLiteral("window"), QStringLiteral("last 60 s: event creation to socket write"));
    latency.insert(QStringLiteral("sinceStart"), latencyJson(m_latencyTotal));

    return QJsonObject{
        {QStringLiteral("messages"),
         QJsonObject{{QStringLiteral("inPerSecond"), rate(m_inPerSecond)},
                     {QStringLiteral("outPerSecond"), rate(m_outPerSecond)},
                     {QStringLiteral("in"), double(m_c.messagesIn)},
                     {QStringLiteral("out"), double(m_c.messagesOut)},
                     {QStringLiteral("rateLimited"), double(m_c.rateLimited)}}},
        {QStringLiteral("events"),
         QJsonObject{{QStringLiteral("received"), double(m_c.eventsIn)},
                     {QStringLiteral("deliveries"), double(m_c.deliveries)},
                     {QStringLiteral("deliveriesPerSecond"), rate(m_deliveriesPerSecond)},
                     {QStringLiteral("droppedForSlowClients"), double(m_c.droppedSlow)},
                     {QStringLiteral("droppedByHub"), double(m_c.droppedHub)},
                     {QStringLiteral("gapsSent"), double(m_c.gapsSent)}}},
        {QStringLiteral("latencyMs"), latency},
        {QStringLiteral("heartbeatAckRttMs"), latencyJson(m_heartbeatRtt)},
        {QStringLiteral("sessions"),
         QJsonObject{{QStringLiteral("opened"), double(m_c.sessionsOpened)},
                     {QStringLiteral("refusedAtLimit"), double(m_c.refusedConnections)},
                     {QStringLiteral("authFailures"), double(m_c.authFailures)},
                     {QStringLiteral("closedSlow"), double(m_c.slowDisconnects)},
                     {QStringLiteral("closedProtocolError"), double(m_c.protocolErrors)},
                     {QStringLiteral("closedOversized"), double(m_c.oversized)},
                     {QStringLiteral("closedPingTimeout"), double(m_c.pingTimeouts)}}},
    };
}

} // namespace orrery
