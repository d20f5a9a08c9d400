#include "LocalEngineClient.h"

#include "EventBatcher.h"
#include "RestApi.h"
#include "api/TokenService.h"
#include "core/DeadLetterEvent.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

namespace orrery {

LocalEngineClient::LocalEngineClient(ServerConfig config, QObject *parent)
    : EngineClient(parent)
    , m_config(std::move(config))
    , m_batcher(new EventBatcher(this))
{
    connect(m_batcher, &EventBatcher::batchReady, this, &EngineClient::deltas);
}

LocalEngineClient::~LocalEngineClient()
{
    close();
}

void LocalEngineClient::setBatchIntervalMs(int ms)
{
    m_batcher->setIntervalMs(ms);
}

void LocalEngineClient::open()
{
    if (m_server)
        return;
    setState(State::Connecting, tr("Starting the local engine in %1").arg(m_config.dataDir));
    m_server = std::make_unique<OrreryServer>(m_config);
    if (auto r = m_server->start(); !r.ok()) {
        m_server->stop(0);
        m_server.reset();
        setState(State::Disconnected, tr("The local engine did not start: %1").arg(r.error().message));
        Q_EMIT errorOccurred(r.error().message);
        return;
    }
    // The batcher is thread-safe and the connection direct (the signal fires on the engine
    // thread). Events before this point are covered by the resync below.
    EventBatcher *batcher = m_batcher;
    EngineCore *core = m_server->engine()->core();
    connect(core, &EngineCore::engineEvent, batcher, [batcher](const EngineEvent &e) { batcher->add(e); }, Qt::DirectConnection);
    // Dead-lettering is its own signal (with the attempts); it becomes the catalogue's event.
    connect(core, &EngineCore::taskDeadLettered, batcher,
            [batcher, core](const Task &task, const QList<Task> &attempts, const QString &reasonClass, const QString &message) {
                batcher->add(deadLetteredEvent(task, int(attempts.size()), reasonClass, message, core->clock().nowMs()));
            },
            Qt::DirectConnection);
    auto token = m_server->tokens()->create(QStringLiteral("orrery-console-session"), Role::Admin);
    if (!token.ok()) {
        m_server->stop(0);
        m_server.reset();
        setState(State::Disconnected, tr("The local engine could not issue a console token: %1").arg(token.error().message));
        return;
    }
    m_sessionTokenId = token->record.id;
    rest()->setBaseUrl(QUrl(m_server->baseUrl()));
    rest()->setToken(token->secret);
    m_batcher->start();
    setState(State::Connected, description());
    resync();
}

void LocalEngineClient::close()
{
    if (!m_server)
        return;
    m_batcher->stop();
    rest()->abortAll();
    if (!m_sessionTokenId.isEmpty())
        (void)m_server->tokens()->revoke(m_sessionTokenId);
    m_sessionTokenId.clear();
    m_server->stop(5000);
    m_server.reset();
    setState(State::Disconnected);
}

QString LocalEngineClient::description() const
{
    return m_server ? tr("Local engine (%1)").arg(m_server->baseUrl()) : tr("Local engine (stopped)");
}

QString LocalEngineClient::liveSource() const
{
    return tr("engine events, batched");
}

} // namespace orrery
