#pragma once

#include "core/Result.h"

#include <QString>
#include <memory>
#include <vector>

class QJsonObject;

namespace orrery {

class Engine;
class ForeignBreakers;
class JobLauncher;
class HttpApiServer;
class JsonLogger;
class Store;
class TokenService;
class WorkerPool;
struct ServerConfig;

// What a module of the server gets to work with. Nothing is owned. The interface belongs to the
// API layer, whose modules implement it; the composition root (runtime/OrreryServer) fills it.
struct ServerContext
{
    // The whole server configuration, for modules of the composition layer (runtime) only; the
    // API layer's modules read the fields below, so they do not depend on what sits above them.
    const ServerConfig *config = nullptr;
    QString dataDir;          // the server's data directory (recovery.json, reports)
    bool loadDemo = true;     // load the demo definitions and jobs
    Store *store = nullptr;
    Engine *engine = nullptr;
    WorkerPool *pool = nullptr;
    TokenService *tokens = nullptr;
    HttpApiServer *api = nullptr; // not yet listening while start() runs: add routes there
    JsonLogger *logger = nullptr;
    // Set by a module started earlier (the Conductor client mode) to start the scheduler's
    // workflow targets elsewhere; built-in targets stay on the engine. Not owned.
    JobLauncher *workflowLauncher = nullptr;
    // Set by the DLQ module (which serves /api/circuitbreaker/...): where a later module lists a
    // breaker held on a thread of its own (the Conductor client's). Null without it. Not owned.
    ForeignBreakers *foreignBreakers = nullptr;
};

// A capability plugged into OrreryServer (DLQ, breakers, scheduler, real-time hub, ...).
// start() runs after the engine and the pool started and before the API listens; prepareStop()
// runs before the engine drains; stop() runs in reverse order of start, after the engine drained
// and before it stops.
class ServerModule
{
public:
    virtual ~ServerModule() = default;
    virtual QString name() const = 0;
    virtual Result<void> start(ServerContext &context) = 0;
    // Called on every module (reverse start order) before the engine drains: stop producing new
    // work (the scheduler stops firing here). Default: nothing.
    virtual void prepareStop() {}
    virtual void stop() = 0;
};

} // namespace orrery
