#pragma once

#include "recovery/DeadLetterQueue.h"

#include <memory>

namespace orrery {

class ApiRouter;
class Engine;
class ForeignBreakers;

// Circuit breakers over REST (docs/api.md, "Circuit breakers"):
//   GET  /api/circuitbreaker/status         viewer    every breaker (engine registry + "webhook")
//   POST /api/circuitbreaker/{name}/reset   operator  closed, counters and history cleared
//   POST /api/circuitbreaker/{name}/open    admin     FORCED_OPEN until closed or reset (created if new)
//   POST /api/circuitbreaker/{name}/close   admin     CLOSED, counters kept
// The engine's breakers live on the engine thread; "webhook" (the DLQ alert webhook) on the
// DLQ's thread; `foreign` ones (the Conductor client's "conductor:<host:port>", marked with
// their "source") on their owner's thread. A name held by a foreign owner is acted on there.
class BreakerRoutes
{
public:
    static void registerRoutes(ApiRouter &router, Engine *engine, DeadLetterQueue::Poster dlq,
                               std::shared_ptr<const ForeignBreakers> foreign = {});
};

} // namespace orrery
