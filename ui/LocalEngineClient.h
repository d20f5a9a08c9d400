#pragma once

#include "EngineClient.h"
#include "runtime/OrreryServer.h"

#include <memory>

namespace orrery {

class EventBatcher;

// Runs the engine inside the console: an OrreryServer (store, engine thread, worker pool, and
// the HTTP API on its own thread, which also serves remote dashboards). Live updates come from
// EngineCore::engineEvent, collected on the engine thread and delivered batched (~15 Hz).
// Reads use the in-process HTTP API with a session token minted at open() and revoked at close().
class LocalEngineClient : public EngineClient
{
    Q_OBJECT

public:
    explicit LocalEngineClient(ServerConfig config, QObject *parent = nullptr);
    ~LocalEngineClient() override;

    void open() override;
    void close() override;
    QString description() const override;
    QString liveSource() const override;

    OrreryServer *server() const { return m_server.get(); }
    void setBatchIntervalMs(int ms);

private:
    ServerConfig m_config;
    std::unique_ptr<OrreryServer> m_server;
    EventBatcher *m_batcher;
    QString m_sessionTokenId;
};

} // namespace orrery
