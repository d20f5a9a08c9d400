#pragma once

#include "core/EngineEvent.h"
#include "core/Result.h"
#include "runtime/HealthProbe.h"
#include "runtime/HealthTracker.h"
#include "workers/TaskAssignment.h"
#include "workers/TaskOutcome.h"

#include <QMutex>
#include <functional>
#include <memory>

namespace orrery {

class Clock;
class HandlerRegistry;

// The `health_probe` local task type: runs the HealthProbe, raises health_checked /
// health_changed through `sink` (OrreryServer forwards them to EngineCore::engineEvent), and
// answers the task:
//  - healthy: COMPLETED with the report;
//  - a check failed: FAILED (transient, errorCode "unhealthy") with the report as output, so the
//    task's retry policy re-checks a blip, the workflow and the job run end FAILED, and repeated
//    failures reach the dead-letter queue and its alerts. With input failOnUnhealthy=false it
//    COMPLETES with healthy=false instead (for dashboards that only want the events).
// Thread-safe: runs may overlap; their reports are observed in order under a mutex.
class HealthMonitor
{
public:
    using EventSink = std::function<void(const EngineEvent &)>;
    static constexpr auto kTaskType = "health_probe";

    HealthMonitor(HealthProbeConfig config, const Clock *clock, EventSink sink);

    TaskOutcome runTask(const TaskAssignment &task);
    // No more events after this returns (the engine is stopping).
    void detach();

    const HealthProbe &probe() const { return m_probe; }

    // Registers `health_probe` (blocking: it runs on the pool's thread pool).
    static Result<void> registerHandler(HandlerRegistry &registry, std::shared_ptr<HealthMonitor> monitor);

private:
    HealthProbe m_probe;
    const Clock *m_clock;
    QMutex m_mutex;
    EventSink m_sink; // guarded by m_mutex
    HealthTracker m_tracker;
    QString m_instance;
};

} // namespace orrery
