#include "EngineEventSource.h"

#include "core/Clock.h"
#include "core/DeadLetterEvent.h"
#include "core/Status.h"
#include "core/Task.h"
#include "events/EventBus.h"
#include "workflow/EngineCore.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRealtime)

namespace orrery {

EngineEventSource::EngineEventSource(EventBus *bus, QObject *parent) : QObject(parent), m_bus(bus) {}

void EngineEventSource::attach(EngineCore *core)
{
    connect(core, &EngineCore::engineEvent, this, &EngineEventSource::onEngineEvent, Qt::DirectConnection);
    connect(core, &EngineCore::taskDeadLettered, this, &EngineEventSource::onDeadLettered, Qt::DirectConnection);
}

void EngineEventSource::detach()
{
    disconnect();
    QMutexLocker lock(&m_mutex); // waits for a slot in progress
    m_bus = nullptr;
}

quint64 EngineEventSource::unknownEvents() const
{
    QMutexLocker lock(&m_mutex);
    return m_unknown;
}

void EngineEventSource::onEngineEvent(const orrery::EngineEvent &event)
{
    QMutexLocker lock(&m_mutex);
    if (!m_bus)
        return;
    const auto type = parseEventType(event.name);
    if (!type) {
        ++m_unknown;
        if (!m_unknownNames.contains(event.name) && m_unknownNames.size() < 100) {
            m_unknownNames.insert(event.name);
            qCWarning(lcRealtime).noquote() << "engine event" << event.name
                                            << "is not in the event catalogue (docs/events.md); not delivered";
        }
        return;
    }
    const qint64 timeMs = event.timeMs ? event.timeMs : m_bus->clock().nowMs();
    switch (*type) {
    case EventType::ProgressUpdate:
        m_bus->publish(*type, event.projectId, m_progress.enrich(event.payload, timeMs), timeMs);
        return;
    case EventType::TaskCompleted:
    case EventType::TaskFailed:
    case EventType::TaskTimedOut:
    case EventType::TaskCanceled:
        m_progress.forget(event.payload.value(QLatin1String("taskId")).toString());
        break;
    default:
        break;
    }
    m_bus->publish(*type, event.projectId, event.payload, timeMs);
}

void EngineEventSource::onDeadLettered(const orrery::Task &task, const QList<orrery::Task> &attempts,
                                       const QString &reasonClass, const QString &message)
{
    QMutexLocker lock(&m_mutex);
    if (!m_bus)
        return;
    const EngineEvent e = deadLetteredEvent(task, int(attempts.size()), reasonClass, message, m_bus->clock().nowMs());
    m_bus->publish(EventType::TaskDeadLettered, e.projectId, e.payload, e.timeMs);
}

} // namespace orrery
