#include "OrreryServer.h"

#include "api/ApiRouter.h"
#include "api/HttpApiServer.h"
#include "api/MetricsRegistry.h"
#include "api/RequestContext.h"
#include "api/TokenService.h"
#include "core/Clock.h"
#include "core/BlockingCall.h"
#include "runtime/DemoHandlers.h"
#include "runtime/HealthMonitor.h"
#include "runtime/JsonLogger.h"
#include "runtime/LocalWorkerBridge.h"
#include "runtime/ServerModules.h"
#include "store/Store.h"
#include "workers/WorkerPool.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

// The demo resources live in this static library: make sure the linker keeps them.
static void initDemoResources() { Q_INIT_RESOURCE(demo); }

namespace orrery {

OrreryServer::OrreryServer(ServerConfig config, JsonLogger *logger, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_logger(logger)
{
    if (m_config.dbUrl.isEmpty())
        m_config.dbUrl = QStringLiteral("sqlite:") + QDir(m_config.dataDir).filePath(QStringLiteral("orrery.db"));
}

OrreryServer::~OrreryServer() { stop(0); }

quint16 OrreryServer::port() const { return m_api ? m_api->port() : 0; }

QString OrreryServer::baseUrl() const
{
    QString host = m_config.host.toString();
    if (m_config.host.protocol() == QAbstractSocket::IPv6Protocol)
        host = QStringLiteral("[%1]").arg(host);
    if (m_config.host == QHostAddress::Any || m_config.host == QHostAddress::AnyIPv4)
        host = QStringLiteral("127.0.0.1");
    return QStringLiteral("http://%1:%2").arg(host).arg(port());
}

QString OrreryServer::adminTokenFile() const
{
    return QDir(m_config.dataDir).filePath(TokenService::adminTokenFileName());
}

Result<void> OrreryServer::start()
{
    initDemoResources();
    if (!QDir().mkpath(m_config.dataDir))
        return Error::invalid(QStringLiteral("cannot create the data directory %1").arg(m_config.dataDir));
    QFile::setPermissions(m_config.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    auto store = Store::open(StoreConfig{m_config.dbUrl});
    if (!store.ok())
        return store.error();
    m_store = std::move(store).value();

    EngineConfig engineConfig;
    engineConfig.holdUntilReleased = true; // released once the modules below are up
    m_engine = std::make_unique<Engine>(m_store.get(), engineConfig);
    if (auto r = m_engine->start(); !r.ok())
        return r;
    if (m_logger)
        connect(m_engine->core(), &EngineCore::engineEvent, m_logger, &JsonLogger::logEvent, Qt::DirectConnection);

    WorkerPoolConfig poolConfig;
    poolConfig.maxConcurrent = std::max(1, m_config.localConcurrency * 4);
    m_pool = std::make_unique<WorkerPool>(poolConfig);
    if (auto r = registerDemoHandlers(m_pool->registry(), m_config.dataDir, m_logger); !r.ok())
        return r;
    m_health = std::make_shared<HealthMonitor>(healthProbeConfig(), SystemClock::instance(), [engine = m_engine.get()](const EngineEvent &e) {
        engine->onEngineThread([e](EngineCore &core) { Q_EMIT core.engineEvent(e); });
    });
    if (auto r = HealthMonitor::registerHandler(m_pool->registry(), m_health); !r.ok())
        return r;
    if (auto r = m_pool->start(); !r.ok())
        return r;

    m_tokens = std::make_unique<TokenService>(m_store.get(), nullptr);
    if (auto r = m_tokens->load(); !r.ok())
        return r;
    auto created = m_tokens->ensureAdminToken(m_config.dataDir);
    if (!created.ok())
        return created.error();
    m_adminTokenFile = created.value();

    ApiServerOptions options = m_config.api;
    options.http.maxBodyBytes = m_config.maxBodyBytes;
    m_api = std::make_unique<HttpApiServer>(m_engine.get(), m_tokens.get(), options);
    addLeaseRoute();

    ServerContext context;
    context.config = &m_config;
    context.dataDir = m_config.dataDir;
    context.loadDemo = m_config.loadDemo;
    context.store = m_store.get();
    context.engine = m_engine.get();
    context.pool = m_pool.get();
    context.tokens = m_tokens.get();
    context.api = m_api.get();
    context.logger = m_logger;
    m_modules = createServerModules();
    for (auto &module : m_modules) {
        if (auto r = module->start(context); !r.ok())
            return Error{r.error().kind, QStringLiteral("%1: %2").arg(module->name(), r.error().message), r.error().fieldErrors};
        m_started.push_back(module.get());
    }
    // Deadlines fire, and dead letters found at start-up are emitted, only now that the DLQ module
    // listens: a lease or timeout that expired while the process was down, or a decision a crash
    // split in two, ended tasks for good before anything recorded them.
    m_engine->release();
    // Local tasks run only now, once every module is up: a task recovered at start-up (or a retry
    // that came due while the process was down) must pass the breakers the DLQ module configures
    // and restores, and a task it dead-letters must reach the DLQ module's connection. Enabled
    // before the modules, such tasks ran unguarded and their DLQ entries were lost.
    m_bridge = std::make_unique<LocalWorkerBridge>(m_engine->core(), m_pool.get());
    m_bridge->enableAllTypes(m_config.localConcurrency);

    auto port = m_api->start(m_config.host, m_config.port);
    if (!port.ok())
        return port.error();

    if (m_config.loadDemo)
        return loadDemoDefinitions();
    return {};
}

void OrreryServer::addLeaseRoute()
{
    QJsonObject report = m_leaseReport;
    if (report.isEmpty())
        report = QJsonObject{{QStringLiteral("role"), QStringLiteral("active")}, {QStringLiteral("lease"), QStringLiteral("none")}};
    const auto gauge = m_api->metrics()->gauge(QStringLiteral("orrery_engine_lease_active"),
                                               QStringLiteral("1 while this instance holds the engine lease and runs the engine "
                                                              "(always 1 on a store with one server)"));
    if (gauge)
        gauge->set({}, 1);
    m_api->addRoutes([report](ApiRouter &router) {
        router.add("GET", QStringLiteral("/api/engine/lease"), Access::Anonymous,
                   [report](const RequestContext &ctx) { ctx.replyJson(report); })
            .summary(QStringLiteral("Engine lease"))
            .description(QStringLiteral("Whether this instance runs the engine (role active) or is a standby of a shared "
                                        "PostgreSQL store, and who holds the engine lease. No token needed."))
            .tag(QStringLiteral("health"))
            .response(200, QStringLiteral("{role, instance, active: {instance, url, since}} or {role: active, lease: none}"));
    });
}

HealthProbeConfig OrreryServer::healthProbeConfig() const
{
    HealthProbeConfig c;
    c.store = m_store.get();
    c.dataDir = m_config.dataDir;
    // The same variable the real-time module's Redis fan-out reads (orreryd sets it from --redis-url).
    c.redisUrl = qEnvironmentVariable("ORRERY_REDIS_URL").trimmed();
    c.conductorUrl = !m_config.conductorUrl.isEmpty() ? m_config.conductorUrl
                                                      : qEnvironmentVariable("ORRERY_CONDUCTOR_URL").trimmed();
    return c;
}

Result<void> OrreryServer::loadDemoDefinitions()
{
    auto readJson = [](const QString &path, const QByteArray &from = {}, const QByteArray &to = {}) -> QJsonDocument {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        QByteArray data = f.readAll();
        if (!from.isEmpty())
            data.replace(from, to);
        return QJsonDocument::fromJson(data);
    };
    // Task definitions: registered only when missing, so an operator's tuning survives restarts.
    auto existing = blockingCall<QJsonArray>([this](auto reply) { m_engine->taskDefs(reply); });
    if (!existing.ok())
        return existing.error();
    QSet<QString> known;
    for (const QJsonValue &v : existing.value())
        known.insert(v.toObject().value(QStringLiteral("name")).toString());
    QList<TaskDef> missing;
    for (const QJsonValue &v : readJson(QStringLiteral(":/demo/taskdefs.json")).array()) {
        auto def = TaskDef::fromJson(v.toObject());
        if (!def.ok())
            return Error::internal(QStringLiteral("demo task definition is invalid: %1").arg(def.error().message));
        if (!known.contains(def->name))
            missing.append(def.value());
    }
    if (!missing.isEmpty()) {
        if (auto r = blockingCall<void>([&](auto reply) { m_engine->registerTaskDefs(missing, reply); }); !r.ok())
            return r;
    }
    // Workflow definitions: Orrery's own demo, refreshed at every start (the health check's URL
    // depends on where this instance listens).
    const QByteArray dataDir = QDir::toNativeSeparators(m_config.dataDir).toUtf8();
    const QList<QJsonDocument> workflows = {
        readJson(QStringLiteral(":/demo/profiling.json")),
        readJson(QStringLiteral(":/demo/health_check.json"), "@BASE_URL@", baseUrl().toUtf8()),
    };
    for (QJsonDocument doc : workflows) {
        QJsonObject o = doc.object();
        QJsonObject tmpl = o.value(QStringLiteral("inputTemplate")).toObject();
        if (tmpl.value(QStringLiteral("dataDir")).toString() == QLatin1String("@DATA_DIR@"))
            tmpl.insert(QStringLiteral("dataDir"), QString::fromUtf8(dataDir));
        o.insert(QStringLiteral("inputTemplate"), tmpl);
        auto def = WorkflowDef::fromJson(o);
        if (!def.ok())
            return Error::internal(QStringLiteral("demo workflow definition is invalid: %1").arg(def.error().message));
        if (auto r = blockingCall<void>([&](auto reply) { m_engine->registerWorkflowDef(def.value(), true, reply); }); !r.ok())
            return r;
    }
    return {};
}

void OrreryServer::stop(int drainTimeoutMs)
{
    if (m_stopped)
        return;
    m_stopped = true;
    for (auto it = m_started.rbegin(); it != m_started.rend(); ++it)
        (*it)->prepareStop(); // e.g. the scheduler stops firing before the engine drains
    if (m_engine)
        m_engine->drain(drainTimeoutMs); // results keep arriving over HTTP and from local workers
    if (m_api)
        m_api->stop();
    for (auto it = m_started.rbegin(); it != m_started.rend(); ++it)
        (*it)->stop();
    m_started.clear();
    if (m_health)
        m_health->detach(); // a late health_probe run must not post to a stopped engine
    if (m_engine)
        m_engine->stop();
    m_bridge.reset(); // late local outcomes must not reach a stopped engine
    if (m_pool)
        m_pool->stop(0);
    m_api.reset();
    m_engine.reset();
    m_tokens.reset();
    if (m_store)
        m_store->close();
}

} // namespace orrery
