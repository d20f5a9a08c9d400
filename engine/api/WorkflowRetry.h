#pragma once

#include <QJsonObject>

namespace orrery {

class Engine;
class RequestContext;

// POST /api/workflow/{id}/retry on top of Engine::replayTask: for a workflow that ended, every
// task reference whose latest attempt is FAILED, FAILED_WITH_TERMINAL_ERROR, TIMED_OUT or
// CANCELED is replayed (a new attempt; the engine reopens the workflow), one after the other.
// Answers 204, 409 (still running / nothing to retry) or the first replay's error.
class WorkflowRetry
{
public:
    static void run(Engine *engine, const RequestContext &ctx, const QJsonObject &workflow);
    // The references to retry, in the order their latest attempts were scheduled.
    static QStringList retryableRefs(const QJsonObject &workflow);
};

} // namespace orrery
