#pragma once

#include "recovery/DeadLetterQueue.h"

#include <QJsonObject>
#include <QList>
#include <functional>
#include <memory>

namespace orrery {

class Engine;
class ForeignBreakers;

// Every circuit breaker's status, asked of the threads that hold them: the engine's registry
// (engine thread), the DLQ alert webhook's "webhook" (DLQ thread, when the webhook is enabled)
// and the `foreign` ones (their owners' threads, marked with their "source"). Reading a breaker
// applies its due time-based transition (OPEN -> HALF_OPEN after the reset timeout), as any use
// does. For GET /api/circuitbreaker/status and the breaker metrics. Thread-safe.
class BreakerStatusReader
{
public:
    using Done = std::function<void(QJsonObject)>;

    BreakerStatusReader(Engine *engine, DeadLetterQueue::Poster dlq, std::shared_ptr<const ForeignBreakers> foreign);

    // {breakers: [CircuitBreaker::toJson()... sorted by name], count, open}. `done` is called once,
    // on the thread that answers last, or never when the engine stops first.
    void read(Done done) const;

    // Adds `extra` breakers to a BreakerRegistry::toJson() answer, keeping it sorted and counted.
    static QJsonObject merge(QJsonObject registry, const QList<QJsonObject> &extra);

private:
    Engine *m_engine;
    DeadLetterQueue::Poster m_dlq;
    std::shared_ptr<const ForeignBreakers> m_foreign;
};

} // namespace orrery
