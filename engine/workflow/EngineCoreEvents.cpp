#include "EngineCore.h"

#include "store/Store.h"

#include <QMetaMethod>

// EngineCore's events: task and workflow changes as engine events (built only when connected).

namespace orrery {

void EngineCore::emitEvent(const QString &name, const Task &t)
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&EngineCore::engineEvent);
    if (!isSignalConnected(signal))
        return;
    QJsonObject payload{{QStringLiteral("taskId"), t.taskId},
                        {QStringLiteral("workflowId"), t.workflowInstanceId},
                        {QStringLiteral("workflowType"), t.workflowType},
                        {QStringLiteral("taskType"), t.taskType},
                        {QStringLiteral("referenceTaskName"), t.referenceTaskName},
                        {QStringLiteral("status"), toString(t.status)},
                        {QStringLiteral("retryCount"), t.retryCount},
                        {QStringLiteral("workerId"), t.workerId}};
    if (!t.reasonForIncompletion.isEmpty())
        payload.insert(QStringLiteral("reason"), t.reasonForIncompletion);
    if (t.callbackAfterSeconds > 0)
        payload.insert(QStringLiteral("callbackAfterSeconds"), t.callbackAfterSeconds);
    if (name == QLatin1String("progress_update")) {
        // Workers report progress as outputData.percent (0-100); the hub derives the ETA from it.
        const QJsonValue percent = t.outputData.value(QStringLiteral("percent"));
        if (percent.isDouble())
            payload.insert(QStringLiteral("percent"), percent);
        payload.insert(QStringLiteral("startTime"), t.startTime);
    }
    Q_EMIT engineEvent(EngineEvent{name, t.projectId, m_clock->nowMs(), payload});
}

void EngineCore::emitWorkflowEvent(const QString &name, const Workflow &wf)
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&EngineCore::engineEvent);
    if (!isSignalConnected(signal))
        return;
    QJsonObject payload{{QStringLiteral("workflowId"), wf.workflowId},
                        {QStringLiteral("workflowType"), wf.workflowName},
                        {QStringLiteral("version"), wf.workflowVersion},
                        {QStringLiteral("status"), toString(wf.status)}};
    if (!wf.reasonForIncompletion.isEmpty())
        payload.insert(QStringLiteral("reason"), wf.reasonForIncompletion);
    if (!wf.correlationId.isEmpty())
        payload.insert(QStringLiteral("correlationId"), wf.correlationId);
    Q_EMIT engineEvent(EngineEvent{name, wf.projectId, m_clock->nowMs(), payload});
}

} // namespace orrery
