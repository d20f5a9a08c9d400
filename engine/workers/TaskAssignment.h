#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace orrery {

// One unit of work handed to the local worker pool by the engine.
struct TaskAssignment
{
    QString taskId;
    QString workflowId;
    QString taskType;      // case-sensitive: "shell", "http", "profile", "noop", or a registered type
    QJsonObject input;
    int retryCount = 0;    // attempts already made (0 on the first attempt)
    qint64 timeoutMs = 0;  // whole-task timeout enforced by the pool; 0 = none
};

} // namespace orrery

Q_DECLARE_METATYPE(orrery::TaskAssignment)
