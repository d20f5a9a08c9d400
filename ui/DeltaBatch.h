#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>

namespace orrery {

// What an EngineClient hands the GUI per tick (10-20 Hz): changed workflow and task rows (partial
// objects are merged into existing rows by id), the number of tasks that completed or failed in
// the tick, and whether the rows replace everything the models hold (after a connect or a gap).
struct DeltaBatch
{
    QList<QJsonObject> workflows;  // keyed by "workflowId"
    QList<QJsonObject> tasks;      // keyed by "taskId"
    int tasksCompleted = 0;
    int tasksFailed = 0;
    qint64 timeMs = 0;             // engine time of the batch (ms since epoch)
    bool resync = false;

    bool isEmpty() const { return workflows.isEmpty() && tasks.isEmpty() && tasksCompleted == 0 && tasksFailed == 0 && !resync; }
};

} // namespace orrery

Q_DECLARE_METATYPE(orrery::DeltaBatch)
