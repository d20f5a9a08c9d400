#pragma once

#include "DlqAlertDetector.h"
#include "DlqConfig.h"
#include "DlqGauge.h"
#include "EventRate.h"

#include "core/EngineEvent.h"

#include <QJsonObject>
#include <QObject>
#include <memory>

namespace orrery {

class AlertWebhook;
class Clock;
class DlqTable;

// What the dead-letter queue tells the outside about its level: its depth (DEAD entries) and size
// (entries of any status), kept up to date as entries come and go instead of a COUNT per change and
// mirrored into the thread-safe gauge; its inflow and outflow over the last hour; and the
// `dlq_alert`s the DlqAlertDetector decides on, raised as an engine event (alertRaised) and through
// the alert webhook. Reads the queue's table (counts, alert counter) between open() and close().
// Lives on the queue's thread, as its child.
class DlqMonitor : public QObject
{
    Q_OBJECT

public:
    // `clock` must outlive the monitor; seed 0 = random (webhook jitter).
    DlqMonitor(const DlqAlertConfig &config, const Clock *clock, quint32 seed, QObject *parent = nullptr);
    ~DlqMonitor() override;

    AlertWebhook *webhook() const { return m_webhook; }
    std::shared_ptr<const DlqGauge> gauge() const { return m_gauge; }
    qint64 depth() const { return m_depth; }
    qint64 total() const { return m_total; }

    // Counts the table's entries and arms the depth alert at that depth (no alert for a queue
    // that was already deep). `table` must stay valid until close().
    void open(DlqTable *table);
    // Stops the webhook and marks the gauge closed.
    void close();

    // A task was dead-lettered at `nowMs`: `newEntry` unless its entry was reopened, `wasDead` if
    // that entry already counted as DEAD.
    void deadLettered(qint64 nowMs, bool newEntry, bool wasDead);
    // Raises the inflow/depth alerts due after a task was dead-lettered at `nowMs`.
    void checkInflow(qint64 nowMs);
    // A DEAD entry went to REPLAYING.
    void replayStarted();
    // A REPLAYING entry settled: REPLAYED when `ok`, else back to DEAD.
    void replaySettled(bool ok);
    // The engine answered a replay at `nowMs` (`ok`: it committed the new attempt).
    void replayAnswered(qint64 nowMs, bool ok);
    // `n` entries were removed at `nowMs` (purge, delete, eviction): recounts from the table.
    void removed(qint64 nowMs, int n);
    // Adds {inflow, outflow, alerts, webhook} to the queue's stats.
    void writeStats(QJsonObject &stats, qint64 nowMs);

signals:
    // `dlq_alert` events (payload: kind, message, depth, inflow figures, top task types and reasons).
    void alertRaised(const orrery::EngineEvent &event);

private:
    void recount(); // m_depth and m_total from the table
    void publish() { m_gauge->setCounts(m_depth, m_total); }
    void raise(const QJsonObject &alert);

    const Clock *m_clock;
    DlqTable *m_table = nullptr;
    std::shared_ptr<DlqGauge> m_gauge;
    DlqAlertDetector m_alerts;
    EventRate m_inflowHour{3600 * 1000};
    EventRate m_outflowHour{3600 * 1000};
    AlertWebhook *m_webhook;
    qint64 m_depth = 0; // DEAD entries
    qint64 m_total = 0; // entries of any status
};

} // namespace orrery
