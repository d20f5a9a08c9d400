#include "ConductorClientModule.h"

#include "api/HttpApiServer.h"
#include "api/StatsRegistry.h"
#include "conductor/ConductorClient.h"
#include "conductor/NetworkTransport.h"
#include "conductor/RemoteJobLauncher.h"
#include "conductor/RemoteWorker.h"
#include "core/Clock.h"
#include "recovery/CircuitBreaker.h"
#include "recovery/ForeignBreakers.h"
#include "runtime/ConductorRemoteSource.h"
#include "runtime/ConductorRoutes.h"
#include "runtime/DemoHandlers.h"
#include "runtime/OrreryServer.h"
#include "workers/WorkerPool.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

#include <QLoggingCategory>
#include <QSemaphore>

Q_DECLARE_LOGGING_CATEGORY(lcConductor)

namespace orrery {

ConductorClientModule::ConductorClientModule() = default;

ConductorClientModule::~ConductorClientModule() { stop(); }

Result<void> ConductorClientModule::start(ServerContext &context)
{
    const ConductorSettings &settings = context.config->conductor;
    if (!settings.clientMode) {
        context.api->addRoutes([](ApiRouter &router) { ConductorRoutes::registerRoutes(router, nullptr, nullptr); });
        return {};
    }
    if (!settings.isConfigured())
        return Error::invalid(QStringLiteral("client mode needs the URL of a Conductor server (--conductor-url)"));
    m_drainTimeoutMs = settings.drainTimeoutMs;

    WorkerPoolConfig poolConfig;
    poolConfig.maxConcurrent = std::max(1, settings.workersPerType * 4);
    m_pool = std::make_unique<WorkerPool>(poolConfig);
    if (auto r = registerDemoHandlers(m_pool->registry(), context.config->dataDir, context.logger); !r.ok())
        return r;
    if (auto r = m_pool->start(); !r.ok())
        return r;

    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("orrery-conductor"));
    m_home = std::make_unique<QObject>();
    m_home->moveToThread(m_thread.get());
    m_thread->start();
    Result<void> started;
    QMetaObject::invokeMethod(m_home.get(), [&] { started = startOnThread(context); }, Qt::BlockingQueuedConnection);
    if (!started.ok())
        return started;

    QObject::connect(m_pool.get(), &WorkerPool::finished, m_worker, &RemoteWorker::onOutcomes, Qt::QueuedConnection);
    context.workflowLauncher = m_launcher;
    ConductorClient *client = m_client;
    RemoteWorker *worker = m_worker;
    context.api->addRoutes([client, worker](ApiRouter &router) { ConductorRoutes::registerRoutes(router, client, worker); });
    // The server's executions beside the local ones in GET /api/workflow/search?source=remote|all.
    m_api = context.api;
    m_api->setRemoteWorkflowSource(std::make_shared<ConductorRemoteSource>(client));
    // The server's breaker in GET /api/circuitbreaker/status, and the operator actions on it
    // (on the conductor thread, where the client uses it).
    if (context.foreignBreakers) {
        m_foreign = context.foreignBreakers;
        m_breakerName = settings.breakerName();
        ForeignBreakers::Entry entry;
        entry.name = m_breakerName;
        entry.source = QStringLiteral("conductor-client");
        entry.status = [client](ForeignBreakers::StatusDone done) {
            QMetaObject::invokeMethod(client, [client, done] { done(client->breaker()->toJson()); }, Qt::QueuedConnection);
        };
        entry.act = [client](ForeignBreakers::Action action, const QString &actor, ForeignBreakers::ActDone done) {
            QMetaObject::invokeMethod(client, [client, action, actor, done] {
                CircuitBreaker *b = client->breaker();
                switch (action) {
                case ForeignBreakers::Action::Open: b->forceOpen(QStringLiteral("forced open by %1").arg(actor)); break;
                case ForeignBreakers::Action::Close: b->forceClose(QStringLiteral("forced closed by %1").arg(actor)); break;
                case ForeignBreakers::Action::Reset: b->reset(); break;
                }
                done(b->toJson());
            }, Qt::QueuedConnection);
        };
        m_foreign->add(std::move(entry));
    }
    // The remote attempts join the two task figures of /api/stats (the local hot path is untouched).
    m_stats = context.api->stats();
    m_stats->setRemoteTasks([record = m_worker->record()](qint64 windowMs, qint64 nowMs) {
        const RemoteTaskRecord::Counts c = record->window(windowMs, nowMs);
        StatsRegistry::RemoteTasks r;
        r.succeeded = c.completed;
        r.failed = c.failed;
        r.retried = c.retried;
        r.retries = c.retries;
        return r;
    });
    QMetaObject::invokeMethod(m_worker, &RemoteWorker::start, Qt::QueuedConnection);
    qCInfo(lcConductor).noquote() << "client mode: working for the Conductor server" << settings.url << "as"
                                  << settings.effectiveWorkerId() << "- task types" << m_worker->taskTypes().join(u',');
    return {};
}

Result<void> ConductorClientModule::startOnThread(ServerContext &context)
{
    const ConductorSettings &settings = context.config->conductor;
    const Clock *clock = SystemClock::instance();
    m_transport = new NetworkTransport(settings.url, m_home.get());
    m_client = new ConductorClient(settings, m_transport, clock, m_home.get());
    Engine *engine = context.engine;
    QObject::connect(m_client, &ConductorClient::breakerStateChanged, m_client,
                     [engine, clock](const QString &name, const QString &from, const QString &to, const QString &reason) {
                         const EngineEvent e{QStringLiteral("breaker_state_changed"), QString(), clock->nowMs(),
                                             QJsonObject{{QStringLiteral("name"), name},
                                                         {QStringLiteral("from"), from},
                                                         {QStringLiteral("to"), to},
                                                         {QStringLiteral("reason"), reason}}};
                         engine->onEngineThread([e](EngineCore &core) { Q_EMIT core.engineEvent(e); });
                     });
    QStringList types = settings.taskTypes;
    const QStringList known = m_pool->registry().types();
    if (types.isEmpty()) {
        // Every worker type; not Conductor's system tasks (HTTP, INLINE, JSON_JQ_TRANSFORM: upper
        // case by convention), which a Conductor server runs itself and never queues for workers.
        for (const QString &t : known)
            if (t != t.toUpper())
                types.append(t);
    }
    for (const QString &t : std::as_const(types))
        if (!known.contains(t))
            return Error::invalid(QStringLiteral("--conductor-task-types: \"%1\" is not a task type of this worker pool "
                                                 "(known: %2)").arg(t, known.join(QStringLiteral(", "))));
    for (const QString &t : std::as_const(types))
        m_pool->setTypeLimit(t, settings.workersPerType);
    m_worker = new RemoteWorker(m_client, m_pool.get(), types, settings.workersPerType, clock, m_home.get());
    m_launcher = new RemoteJobLauncher(m_client, m_home.get());
    return {};
}

void ConductorClientModule::prepareStop()
{
    if (!m_worker || m_drained)
        return;
    m_drained = true;
    QSemaphore done;
    RemoteWorker *worker = m_worker;
    const int drainMs = m_drainTimeoutMs;
    QMetaObject::invokeMethod(worker, [worker, drainMs, &done] {
        worker->drain(drainMs, 10000, [&done] { done.release(); });
    }, Qt::QueuedConnection);
    done.acquire(); // bounded: the drain ends after drainMs + 10 s at the latest
}

void ConductorClientModule::stop()
{
    if (m_api)
        m_api->setRemoteWorkflowSource(nullptr);
    m_api = nullptr;
    if (m_stats)
        m_stats->setRemoteTasks({});
    m_stats = nullptr;
    if (m_foreign)
        m_foreign->remove(m_breakerName);
    m_foreign = nullptr;
    if (!m_thread)
        return;
    prepareStop();
    if (m_pool)
        m_pool->stop(0); // tasks still running were released to the server in the drain
    QMetaObject::invokeMethod(m_home.get(), [this] {
        if (m_client)
            m_client->cancelAll(); // every call in flight answered (status 0) while all is alive
        // Callers before the client, the client before its transport.
        delete m_worker;
        delete m_launcher;
        delete m_client;
        delete m_transport;
        delete m_home.release();
    }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_pool.reset();
    m_worker = nullptr;
    m_launcher = nullptr;
    m_client = nullptr;
    m_transport = nullptr;
}

} // namespace orrery
