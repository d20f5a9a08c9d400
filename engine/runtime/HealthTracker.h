#pragma once

#include "core/EngineEvent.h"

#include <QHash>
#include <QList>

namespace orrery {

// Turns health probe reports into events (docs/events.md §6):
//  - health_checked: every report (healthy, status, summary, checks);
//  - health_changed: only when the overall status or a check's status differs from the previous
//    report, with from/to for the overall status and for each check that changed. Before the
//    first report everything is "unknown", so the first report of a process is a change.
// Not thread-safe: the caller serialises reports (HealthMonitor).
class HealthTracker
{
public:
    // `context` (workflowId, taskId, instance, ...) is added to both payloads.
    QList<EngineEvent> observe(const QJsonObject &report, qint64 nowMs, const QJsonObject &context = {});

    QString overall() const { return m_overall; } // "unknown", "healthy" or "unhealthy"

    static constexpr auto kChecked = "health_checked";
    static constexpr auto kChanged = "health_changed";

private:
    QString m_overall = QStringLiteral("unknown");
    QHash<QString, QString> m_checks; // check name -> status of the previous report
};

} // namespace orrery
