#pragma once

#include "ProgressEstimator.h"

#include "core/EngineEvent.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QSet>

namespace orrery {

class EngineCore;
class EventBus;
struct Task;

// Puts the engine's signals on the EventBus: EngineCore::engineEvent (its name must be in the
// catalogue; progress_update gets percent/ETA from ProgressEstimator) and
// EngineCore::taskDeadLettered (as task_dead_lettered). The slots run on the engine thread
// (direct connections) and cost one lock and one bus publish per event.
class EngineEventSource : public QObject
{
    Q_OBJECT

public:
    // The bus is not owned; call detach() before it goes away.
    explicit EngineEventSource(EventBus *bus, QObject *parent = nullptr);

    void attach(EngineCore *core);
    // After this returns, no slot is running and none will publish.
    void detach();

    // Engine-thread entry points (public for tests).
    void onEngineEvent(const orrery::EngineEvent &event);
    void onDeadLettered(const orrery::Task &task, const QList<orrery::Task> &attempts, const QString &reasonClass,
                        const QString &message);

    quint64 unknownEvents() const;

private:
    mutable QMutex m_mutex;
    EventBus *m_bus;
    ProgressEstimator m_progress;
    QSet<QString> m_unknownNames; // logged once each
    quint64 m_unknown = 0;
};

} // namespace orrery
