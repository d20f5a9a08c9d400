#include "LocalEngineClient.h"

#include "EventBatcher.h"
#include "RestApi.h"
#include "TokenVault.h"
#include "api/TokenService.h"
#include "core/DeadLetterEvent.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

#include <QThread>

namespace orrery {

LocalEngineClient::LocalEngineClient(ServerConfig config, QObject *parent)
    : EngineClient(parent)
    , m_config(std::move(config))
    , m_host(new QThread(this))
    , m_hostContext(new QObject)
    , m_batcher(new EventBatcher(this))
{
    m_host->setObjectName(QStringLiteral("orrery-local-engine"));
    m_hostContext->moveToThread(m_host);
    connect(m_batcher, &EventBatcher::batchReady, this, &EngineClient::deltas);
}

LocalEngineClient::~LocalEngineClient()
{
    close();
    if (m_host->isRunning()) {
        m_host->quit();
        m_host->wait();
    }
    delete m_hostContext;
}

void LocalEngineClient::setBatchIntervalMs(int ms)
{
    m_batcher->setIntervalMs(ms);
}

void LocalEngineClient::open()
{
    if (m_server || m_starting)
        return;
    m_starting = true;
    setState(State::Connecting, tr("Starting the local engine in %1").arg(m_config.dataDir));
    if (!m_host->isRunning())
        m_host->start();
    const quint64 generation = ++m_generation;
    ConductorSettings &conductor = m_config.conductor;
    if (conductor.clientMode && !conductor.keyId.isEmpty()) {
        auto *vault = new TokenVault(QStringLiteral("orrery"), this);
        if (!conductor.keySecret.isEmpty()) {
            // Given on the command line or in the environment: remembered in the keychain, so a
            // later start needs only the key id. The secret is never logged nor shown.
            vault->store(conductorSecretKey(conductor), conductor.keySecret, [vault](bool, QString) { vault->deleteLater(); });
        } else {
            // Not given: the keychain has it from an earlier start, or the engine cannot authenticate.
            vault->load(conductorSecretKey(conductor), [this, vault, generation](QString secret, QString problem) {
                vault->deleteLater();
                if (generation != m_generation)
                    return; // closed meanwhile
                if (secret.isEmpty())
                    return onStartFailed(generation, missingSecretMessage(m_config.conductor, problem));
                m_config.conductor.keySecret = secret;
                QMetaObject::invokeMethod(m_hostContext, [this, generation] { startOnHost(generation); }, Qt::QueuedConnection);
            });
            return;
        }
    }
    QMetaObject::invokeMethod(m_hostContext, [this, generation] { startOnHost(generation); }, Qt::QueuedConnection);
}

QString LocalEngineClient::conductorSecretKey(const ConductorSettings &settings)
{
    return QStringLiteral("conductor:%1@%2").arg(settings.keyId, settings.url);
}

QString LocalEngineClient::missingSecretMessage(const ConductorSettings &settings, const QString &problem)
{
    return tr("no secret for the Conductor key id \"%1\" of %2 in the keychain (%3); start once with "
              "ORRERY_CONDUCTOR_KEY_SECRET (or --conductor-key-secret) set and it is kept there")
        .arg(settings.keyId, settings.url, problem.isEmpty() ? tr("no entry") : problem);
}

// On the host thread. The window is told through queued calls; if the client is deleted
// meanwhile, its destructor's close() waits for this call and stops what it started.
void LocalEngineClient::startOnHost(quint64 generation)
{
    auto server = std::make_unique<OrreryServer>(m_config);
    if (auto r = server->start(); !r.ok()) {
        server->stop(0);
        QMetaObject::invokeMethod(this, [this, generation, message = r.error().message] { onStartFailed(generation, message); },
                                  Qt::QueuedConnection);
        return;
    }
    // The batcher is thread-safe and the connections direct (the signals fire on the engine
    // thread). Events before this point are covered by the resync after the start.
    EventBatcher *batcher = m_batcher;
    EngineCore *core = server->engine()->core();
    connect(core, &EngineCore::engineEvent, batcher, [batcher](const EngineEvent &e) { batcher->add(e); }, Qt::DirectConnection);
    // Dead-lettering is its own signal (with the attempts); it becomes the catalogue's event.
    connect(core, &EngineCore::taskDeadLettered, batcher,
            [batcher, core](const Task &task, const QList<Task> &attempts, const QString &reasonClass, const QString &message) {
                batcher->add(deadLetteredEvent(task, int(attempts.size()), reasonClass, message, core->clock().nowMs()));
            },
            Qt::DirectConnection);
    auto token = server->tokens()->create(QStringLiteral("orrery-console-session"), Role::Admin);
    if (!token.ok()) {
        server->stop(0);
        const QString message = tr("The local engine could not issue a console token: %1").arg(token.error().message);
        QMetaObject::invokeMethod(this, [this, generation, message] { onStartFailed(generation, message); }, Qt::QueuedConnection);
        return;
    }
    const QString baseUrl = server->baseUrl();
    m_server = std::move(server);
    QMetaObject::invokeMethod(
        this, [this, generation, id = token->record.id, secret = token->secret, baseUrl] { onStarted(generation, id, secret, baseUrl); },
        Qt::QueuedConnection);
}

void LocalEngineClient::onStarted(quint64 generation, const QString &tokenId, const QString &secret, const QString &baseUrl)
{
    if (generation != m_generation)
        return; // closed meanwhile: close() stopped it
    m_starting = false;
    m_sessionTokenId = tokenId;
    m_baseUrl = baseUrl;
    rest()->setBaseUrl(QUrl(baseUrl));
    rest()->setToken(secret);
    m_batcher->start();
    setState(State::Connected, description());
    resync();
}

void LocalEngineClient::onStartFailed(quint64 generation, const QString &message)
{
    if (generation != m_generation)
        return;
    m_starting = false;
    setState(State::Disconnected, tr("The local engine did not start: %1").arg(message));
    Q_EMIT errorOccurred(message);
}

void LocalEngineClient::close()
{
    if (!m_host->isRunning())
        return;
    ++m_generation; // a start still on its way is not announced any more
    m_starting = false;
    m_batcher->stop();
    rest()->abortAll();
    // Waits for a start in progress (the host runs one call at a time), then stops the server.
    const QString tokenId = m_sessionTokenId;
    QMetaObject::invokeMethod(
        m_hostContext,
        [this, tokenId] {
            if (!m_server)
                return;
            if (!tokenId.isEmpty())
                (void)m_server->tokens()->revoke(tokenId);
            m_server->stop(5000);
            m_server.reset();
        },
        Qt::BlockingQueuedConnection);
    m_sessionTokenId.clear();
    m_baseUrl.clear();
    setState(State::Disconnected);
}

QString LocalEngineClient::description() const
{
    return m_baseUrl.isEmpty() ? tr("Local engine (stopped)") : tr("Local engine (%1)").arg(m_baseUrl);
}

QString LocalEngineClient::liveSource() const
{
    return tr("engine events, batched");
}

} // namespace orrery
