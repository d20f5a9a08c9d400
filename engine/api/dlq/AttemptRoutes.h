#pragma once

#include "recovery/DeadLetterQueue.h"

#include <QJsonArray>
#include <QJsonObject>

namespace orrery {

class ApiRouter;
class Engine;

// GET /api/tasks/{taskId}/attempts (viewer): every attempt of that task's reference in its
// workflow, "attempt n of N", each attempt's error, when the next attempt is due, and the DLQ
// entry if the reference dead-lettered (docs/api.md, "Attempts").
class AttemptRoutes
{
public:
    static void registerRoutes(ApiRouter &router, Engine *engine, DeadLetterQueue::Poster dlq);

    // The answer, from the task (Task JSON with its workflowTask), the tasks of its workflow and
    // the task definition (empty when none is registered).
    static QJsonObject attemptsJson(const QJsonObject &task, const QJsonArray &workflowTasks, const QJsonObject &taskDef);
};

} // namespace orrery
