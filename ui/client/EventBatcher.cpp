#include "EventBatcher.h"

#include <QDateTime>
#include <QMutexLocker>
#include <utility>

namespace orrery {

namespace {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

void merge(QHash<QString, QJsonObject> &rows, QStringList &order, const QString &id, const QJsonObject &fields)
{
    auto it = rows.find(id);
    if (it == rows.end()) {
        rows.insert(id, fields);
        order.append(id);
        return;
    }
    for (auto f = fields.begin(); f != fields.end(); ++f)
        it->insert(f.key(), f.value());
}

} // namespace

EventBatcher::EventBatcher(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(66);
    connect(&m_timer, &QTimer::timeout, this, &EventBatcher::flush);
}

void EventBatcher::add(const EngineEvent &event)
{
    const QJsonObject &p = event.payload;
    const bool isTask = event.name.startsWith(QLatin1String("task_")) && p.contains(QStringLiteral("taskId"));
    const bool isWorkflow = event.name.startsWith(QLatin1String("workflow_"));
    // Events the task/workflow rows do not carry go to the tick's otherEvents (a dead-lettered
    // task is both: its row changes, and the DLQ view wants to know).
    if ((!isTask && !isWorkflow) || event.name == QLatin1String("task_dead_lettered")) {
        QJsonObject other = p;
        other.insert(QStringLiteral("event"), event.name);
        other.insert(QStringLiteral("time"), double(event.timeMs));
        other.insert(QStringLiteral("projectId"), event.projectId);
        QMutexLocker lock(&m_mutex);
        if (m_otherEvents.size() < DeltaBatch::kMaxOtherEvents)
            m_otherEvents.append(other);
        else
            ++m_otherDropped;
        if (!isTask && !isWorkflow)
            return;
    }
    QJsonObject row = p;
    row.insert(QStringLiteral("updateTime"), isoTime(event.timeMs));
    if (!event.projectId.isEmpty())
        row.insert(QStringLiteral("projectId"), event.projectId);
    if (event.name == QLatin1String("workflow_started") || event.name == QLatin1String("task_created"))
        row.insert(isWorkflow ? QStringLiteral("startTime") : QStringLiteral("scheduledTime"), isoTime(event.timeMs));
    if (isTask) {
        row.remove(QStringLiteral("workflowId"));
        row.insert(QStringLiteral("workflowInstanceId"), p.value(QStringLiteral("workflowId")));
        if (p.contains(QStringLiteral("reason")))
            row.insert(QStringLiteral("reasonForIncompletion"), p.value(QStringLiteral("reason")));
    } else if (p.contains(QStringLiteral("reason"))) {
        row.insert(QStringLiteral("reasonForIncompletion"), p.value(QStringLiteral("reason")));
    }
    QMutexLocker lock(&m_mutex);
    m_lastTimeMs = std::max(m_lastTimeMs, event.timeMs);
    if (isTask) {
        merge(m_tasks, m_taskOrder, p.value(QStringLiteral("taskId")).toString(), row);
        if (event.name == QLatin1String("task_completed"))
            ++m_completed;
        else if (event.name == QLatin1String("task_failed") || event.name == QLatin1String("task_timed_out"))
            ++m_failed;
        else if (event.name == QLatin1String("task_retry_scheduled"))
            ++m_retried;
    } else {
        merge(m_workflows, m_workflowOrder, p.value(QStringLiteral("workflowId")).toString(), row);
    }
}

DeltaBatch EventBatcher::take()
{
    DeltaBatch b;
    QMutexLocker lock(&m_mutex);
    b.workflows.reserve(m_workflowOrder.size());
    for (const QString &id : std::as_const(m_workflowOrder))
        b.workflows.append(m_workflows.value(id));
    b.tasks.reserve(m_taskOrder.size());
    for (const QString &id : std::as_const(m_taskOrder))
        b.tasks.append(m_tasks.value(id));
    b.otherEvents.swap(m_otherEvents);
    b.otherEventsDropped = std::exchange(m_otherDropped, 0);
    b.tasksCompleted = m_completed;
    b.tasksFailed = m_failed;
    b.tasksRetried = m_retried;
    b.timeMs = m_lastTimeMs;
    m_workflows.clear();
    m_tasks.clear();
    m_workflowOrder.clear();
    m_taskOrder.clear();
    m_completed = m_failed = m_retried = 0;
    return b;
}

void EventBatcher::flush()
{
    DeltaBatch b = take();
    if (!b.isEmpty())
        Q_EMIT batchReady(b);
}

} // namespace orrery
