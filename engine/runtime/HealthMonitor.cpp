#include "HealthMonitor.h"

#include "core/Clock.h"
#include "workers/HandlerRegistry.h"

#include <QSysInfo>

namespace orrery {

HealthMonitor::HealthMonitor(HealthProbeConfig config, const Clock *clock, EventSink sink)
    : m_probe(std::move(config)), m_clock(clock ? clock : SystemClock::instance()), m_sink(std::move(sink)),
      m_instance(QSysInfo::machineHostName())
{
}

TaskOutcome HealthMonitor::runTask(const TaskAssignment &task)
{
    auto options = HealthProbeOptions::fromInput(task.input);
    if (!options)
        return TaskOutcome::badInput(options.error().message);
    const QJsonObject report = m_probe.run(*options);
    {
        QMutexLocker lock(&m_mutex);
        const QJsonObject context{{QStringLiteral("instance"), m_instance},
                                  {QStringLiteral("workflowId"), task.workflowId},
                                  {QStringLiteral("taskId"), task.taskId}};
        const QList<EngineEvent> events = m_tracker.observe(report, m_clock->nowMs(), context);
        if (m_sink)
            for (const EngineEvent &e : events)
                m_sink(e);
    }
    if (report.value(QStringLiteral("healthy")).toBool() || !options->failOnUnhealthy)
        return TaskOutcome::completed(report);
    return TaskOutcome::failed(QStringLiteral("unhealthy: %1").arg(report.value(QStringLiteral("summary")).toString()),
                               FailureInfo{QStringLiteral("other"), 0, -1, QStringLiteral("unhealthy")}, report);
}

void HealthMonitor::detach()
{
    QMutexLocker lock(&m_mutex);
    m_sink = nullptr;
}

Result<void> HealthMonitor::registerHandler(HandlerRegistry &registry, std::shared_ptr<HealthMonitor> monitor)
{
    if (!monitor)
        return Error::invalid(QStringLiteral("health_probe: no monitor"));
    return registry.registerFunction(QString::fromLatin1(kTaskType),
                                     [monitor](const TaskAssignment &task) { return monitor->runTask(task); });
}

} // namespace orrery
