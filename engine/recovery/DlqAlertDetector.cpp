#include "DlqAlertDetector.h"

#include <algorithm>

namespace orrery {

DlqAlertDetector::DlqAlertDetector(const DlqAlertConfig &config)
    : m_config(config)
    , m_inflow(qint64(config.baselineMinutes + 1) * 60000)
{
}

void DlqAlertDetector::start(qint64 depth)
{
    m_depthArmed = m_config.depthThreshold <= 0 || depth < m_config.depthThreshold;
}

double DlqAlertDetector::baselinePerMinute(qint64 nowMs) const
{
    return double(m_inflow.countBetween(nowMs, 60000, qint64(m_config.baselineMinutes) * 60000)) / m_config.baselineMinutes;
}

void DlqAlertDetector::onDepth(qint64 depth)
{
    if (m_config.depthThreshold > 0 && depth < m_config.depthThreshold)
        m_depthArmed = true;
}

QList<QJsonObject> DlqAlertDetector::onInflow(qint64 nowMs, int n, qint64 depth)
{
    QList<QJsonObject> alerts;
    m_inflow.add(nowMs, n);
    const qint64 lastMinute = inflowLastMinute(nowMs);
    const double baseline = baselinePerMinute(nowMs);
    const QJsonObject figures{{QStringLiteral("timeMs"), double(nowMs)},
                              {QStringLiteral("depth"), double(depth)},
                              {QStringLiteral("depthThreshold"), m_config.depthThreshold},
                              {QStringLiteral("inflowLastMinute"), double(lastMinute)},
                              {QStringLiteral("baselinePerMinute"), baseline}};
    if (m_config.depthThreshold > 0) {
        if (depth < m_config.depthThreshold) {
            m_depthArmed = true;
        } else if (m_depthArmed) {
            m_depthArmed = false;
            QJsonObject a = figures;
            a.insert(QStringLiteral("kind"), QStringLiteral("depth"));
            a.insert(QStringLiteral("message"), QStringLiteral("The dead-letter queue holds %1 entries (threshold %2).")
                                                    .arg(depth).arg(m_config.depthThreshold));
            alerts.append(a);
        }
    }
    const bool cooled = m_lastInflowAlertMs < 0 || nowMs - m_lastInflowAlertMs >= m_config.cooldownMs;
    QString why;
    if (m_config.inflowPerMinuteThreshold > 0 && lastMinute >= m_config.inflowPerMinuteThreshold)
        why = QStringLiteral("%1 entries in the last minute (threshold %2 per minute)")
                  .arg(lastMinute).arg(m_config.inflowPerMinuteThreshold);
    else if (m_config.spikeFactor > 0 && lastMinute >= m_config.spikeMinimum
             && double(lastMinute) >= m_config.spikeFactor * std::max(baseline, 1.0))
        why = QStringLiteral("%1 entries in the last minute, %2 x the baseline of %3 per minute")
                  .arg(lastMinute)
                  .arg(QString::number(double(lastMinute) / std::max(baseline, 1.0), 'f', 1))
                  .arg(QString::number(baseline, 'f', 1));
    if (!why.isEmpty() && cooled) {
        m_lastInflowAlertMs = nowMs;
        QJsonObject a = figures;
        a.insert(QStringLiteral("kind"), QStringLiteral("inflow"));
        a.insert(QStringLiteral("message"), QStringLiteral("Dead-letter inflow spike: %1.").arg(why));
        a.insert(QStringLiteral("spikeFactor"), m_config.spikeFactor);
        a.insert(QStringLiteral("inflowPerMinuteThreshold"), m_config.inflowPerMinuteThreshold);
        alerts.append(a);
    }
    m_alerts += alerts.size();
    return alerts;
}

QJsonObject DlqAlertDetector::toJson(qint64 nowMs) const
{
    QJsonObject o{{QStringLiteral("depthArmed"), m_depthArmed},
                  {QStringLiteral("alertsRaised"), double(m_alerts)},
                  {QStringLiteral("inflowLastMinute"), double(inflowLastMinute(nowMs))},
                  {QStringLiteral("baselinePerMinute"), baselinePerMinute(nowMs)}};
    if (m_lastInflowAlertMs >= 0)
        o.insert(QStringLiteral("lastInflowAlertMs"), double(m_lastInflowAlertMs));
    return o;
}

} // namespace orrery
