#pragma once

#include "EngineClient.h"
#include "runtime/OrreryServer.h"

#include <memory>

class QThread;

namespace orrery {

class EventBatcher;

// Runs the engine inside the console: an OrreryServer (store, engine thread, worker pool, and
// the HTTP API on its own thread, which also serves remote dashboards). The server is created,
// started and stopped on its own host thread, so the window stays responsive while the store
// loads: open() returns at once with the state Connecting, and the state turns Connected (or
// Disconnected with the reason) when the engine is up. Live updates come from
// EngineCore::engineEvent, collected on the engine thread and delivered batched (~15 Hz).
// Reads use the in-process HTTP API with a session token minted at start and revoked at close().
class LocalEngineClient : public EngineClient
{
    Q_OBJECT

public:
    explicit LocalEngineClient(ServerConfig config, QObject *parent = nullptr);
    ~LocalEngineClient() override;

    void open() override;
    // Stops the engine (waits for its drain, up to 5 s).
    void close() override;
    QString description() const override;
    QString liveSource() const override;

    // The running server (nullptr until Connected). Its objects live on the host thread.
    OrreryServer *server() const { return m_server.get(); }
    void setBatchIntervalMs(int ms);
    // The keychain entry (service "orrery") that holds the Conductor key secret of `settings`:
    // "conductor:<keyId>@<url>". In client mode with a key id, open() stores a secret given with
    // --conductor-key-secret or ORRERY_CONDUCTOR_KEY_SECRET there, and reads it from there when
    // neither gives one; with no entry the start fails saying so. The secret is never logged.
    static QString conductorSecretKey(const ConductorSettings &settings);
    // Why the start failed when the keychain has no secret (`problem`: the keychain's own message).
    static QString missingSecretMessage(const ConductorSettings &settings, const QString &problem);

private:
    void startOnHost(quint64 generation);
    void onStarted(quint64 generation, const QString &tokenId, const QString &secret, const QString &baseUrl);
    void onStartFailed(quint64 generation, const QString &message);

    ServerConfig m_config;
    QThread *m_host;
    QObject *m_hostContext; // lives on m_host: start and stop run through it
    std::unique_ptr<OrreryServer> m_server; // written on the host thread only
    EventBatcher *m_batcher;
    QString m_sessionTokenId;
    QString m_baseUrl;
    quint64 m_generation = 0;
    bool m_starting = false;
};

} // namespace orrery
