#pragma once

#include "DeltaBatch.h"
#include "core/EngineEvent.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>

namespace orrery {

// Collects engine events from any thread (add() is thread-safe and cheap: rows are coalesced by
// id) and hands them to the GUI thread as one DeltaBatch per tick (default 66 ms, ~15 Hz).
class EventBatcher : public QObject
{
    Q_OBJECT

public:
    explicit EventBatcher(QObject *parent = nullptr);

    void setIntervalMs(int ms) { m_timer.setInterval(ms); }
    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }

    // Thread-safe.
    void add(const EngineEvent &event);
    // Takes what was collected so far (GUI thread; the timer calls it).
    DeltaBatch take();

Q_SIGNALS:
    void batchReady(const orrery::DeltaBatch &batch);

private:
    void flush();

    QMutex m_mutex;
    QHash<QString, QJsonObject> m_workflows;
    QHash<QString, QJsonObject> m_tasks;
    QStringList m_workflowOrder;
    QStringList m_taskOrder;
    QList<QJsonObject> m_otherEvents;
    int m_otherDropped = 0;
    int m_completed = 0;
    int m_failed = 0;
    int m_retried = 0;
    qint64 m_lastTimeMs = 0;
    QTimer m_timer;
};

} // namespace orrery
