#pragma once

#include "core/Task.h"
#include "workers/TaskAssignment.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <optional>

namespace orrery {

// A task polled from a Conductor server, as far as a worker needs it (spec §5.4), and the JSON
// of the results sent back (spec §5.5).
struct RemoteTask
{
    QString taskId;
    QString workflowInstanceId;
    QString taskType;
    QString referenceTaskName;
    QJsonObject inputData;
    int retryCount = 0;
    int pollCount = 0;
    qint64 responseTimeoutSeconds = 0;

    // A task without taskId or workflowInstanceId is dropped (as the SDKs do): none.
    static std::optional<RemoteTask> fromJson(const QJsonObject &task, const QString &polledType);
    TaskAssignment assignment() const;

    // TaskResult as Conductor reads it (null fields left out).
    static QJsonObject resultJson(const TaskResult &result, const QString &workflowInstanceId);
};

} // namespace orrery

Q_DECLARE_METATYPE(orrery::RemoteTask)
