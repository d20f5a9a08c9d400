#pragma once

#include "DlqConfig.h"
#include "EventRate.h"

#include <QJsonObject>
#include <QList>

namespace orrery {

// Decides when the DLQ raises a `dlq_alert` (docs/recovery.md, "Alerts"):
//  - kind "depth": the depth reached depthThreshold. Fires once per crossing; re-armed when the
//    depth falls below the threshold again.
//  - kind "inflow": the last minute brought at least inflowPerMinuteThreshold entries, or at
//    least spikeMinimum entries and spikeFactor times the baseline (mean per minute over the
//    baselineMinutes before that minute). At most one per cooldown.
// Pure logic in the caller's time; not thread-safe.
class DlqAlertDetector
{
public:
    explicit DlqAlertDetector(const DlqAlertConfig &config);

    // The depth at start-up: no alert for a queue that was already deep.
    void start(qint64 depth);
    // `n` entries arrived at `nowMs`; the queue is now `depth` deep. Returns the alerts to raise.
    QList<QJsonObject> onInflow(qint64 nowMs, int n, qint64 depth);
    // The depth changed otherwise (replay, purge, eviction).
    void onDepth(qint64 depth);

    qint64 inflowLastMinute(qint64 nowMs) const { return m_inflow.countSince(nowMs, 60000); }
    double baselinePerMinute(qint64 nowMs) const;
    QJsonObject toJson(qint64 nowMs) const;

private:
    DlqAlertConfig m_config;
    EventRate m_inflow;
    bool m_depthArmed = true;
    qint64 m_lastInflowAlertMs = -1;
    qint64 m_alerts = 0;
};

} // namespace orrery
