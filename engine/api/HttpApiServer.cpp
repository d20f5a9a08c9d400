#include "HttpApiServer.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "AuditLog.h"
#include "AuditRoutes.h"
#include "HealthRoutes.h"
#include "HttpMetrics.h"
#include "HttpServerHost.h"
#include "MetadataRoutes.h"
#include "MetricsRegistry.h"
#include "OpenApiBuilder.h"
#include "OpsRoutes.h"
#include "QueryExecutor.h"
#include "StatsRegistry.h"
#include "StoreFigures.h"
#include "StoreMetrics.h"
#include "TaskActionRoutes.h"
#include "TaskReadRoutes.h"
#include "TaskRoutes.h"
#include "TokenRoutes.h"
#include "TokenService.h"
#include "WorkerTracker.h"
#include "WorkflowActionRoutes.h"
#include "WorkflowBulkRoutes.h"
#include "WorkflowRoutes.h"
#include "WorkflowSearchRoutes.h"

#include "store/Store.h"

#include <QJsonDocument>
#include <QTimer>

namespace orrery {

namespace {

void registerOpenApi(ApiRouter &router, const QString &version)
{
    const ApiRouter *r = &router;
    auto cache = std::make_shared<QByteArray>(); // built on first use, on the server thread
    router.add("GET", QStringLiteral("/api/openapi.json"), Access::Viewer, [r, cache, version](const RequestContext &ctx) {
        if (cache->isEmpty())
            *cache = QJsonDocument(OpenApiBuilder::build(r->routes(), version)).toJson(QJsonDocument::Compact);
        HttpResponse response;
        response.contentType = "application/json";
        response.body = *cache;
        ctx.reply(std::move(response));
    })
        .summary(QStringLiteral("OpenAPI description of every route"))
        .tag(QStringLiteral("health"))
        .allowScoped()
        .response(200, QStringLiteral("OpenAPI 3.0.3 document"));
}

} // namespace

HttpApiServer::HttpApiServer(Engine *engine, TokenService *tokens, ApiServerOptions options, QObject *parent)
    : QObject(parent), m_engine(engine), m_tokens(tokens), m_options(std::move(options)),
      m_metrics(std::make_shared<MetricsRegistry>()),
      m_storeMetrics(std::make_shared<StoreMetrics>()), m_stats(std::make_shared<StatsRegistry>()),
      m_tracker(std::make_shared<WorkerTracker>()), m_pool(std::make_shared<std::atomic<WorkerPool *>>(nullptr))
{
    if (m_options.version.isEmpty())
        m_options.version = buildVersion();
}

HttpApiServer::~HttpApiServer()
{
    stop();
}

QString HttpApiServer::buildVersion()
{
    return QStringLiteral(ORRERY_VERSION);
}

void HttpApiServer::addRoutes(std::function<void(ApiRouter &)> registerFn)
{
    m_modules.append(std::move(registerFn));
}

void HttpApiServer::setWorkerPool(WorkerPool *pool)
{
    m_pool->store(pool);
}

void HttpApiServer::setRemoteWorkflowSource(std::shared_ptr<RemoteWorkflowSource> source)
{
    m_remote->store(std::move(source));
}

Result<quint16> HttpApiServer::start(const QHostAddress &address, quint16 port)
{
    if (m_host && m_host->isListening())
        return Error::conflict(QStringLiteral("The API server is already listening on port %1.").arg(m_host->port()));
    Store *store = m_tokens ? m_tokens->store() : nullptr;
    m_figures = std::make_shared<StoreFigures>(m_options.http.clock, m_options.figuresCacheMs);
    if (store) {
        m_queries = std::make_shared<QueryExecutor>(store, QStringLiteral("orrery-api-read"), m_options.queryThreads);
        m_queries->start();
        m_audit = std::make_shared<AuditLog>(store);
        m_audit->start();
        m_collectors.append(m_metrics->addCollector([store](MetricsWriter &w) {
            const StoreStats s = store->stats();
            const QList<QPair<const char *, qint64>> counters = {
                {"orrery_store_changes_submitted_total", s.changesSubmitted},
                {"orrery_store_rows_written_total", s.rowsWritten},
                {"orrery_store_batches_committed_total", s.batchesCommitted},
                {"orrery_store_batches_failed_total", s.batchesFailed}};
            for (const auto &c : counters) {
                w.family(QString::fromLatin1(c.first), QStringLiteral("counter"), QStringLiteral("Store writer counter."));
                w.sample(QString::fromLatin1(c.first), {}, double(c.second));
            }
            w.family(QStringLiteral("orrery_store_pending_rows"), QStringLiteral("gauge"),
                     QStringLiteral("Rows waiting for the store's next commit."));
            w.sample(QStringLiteral("orrery_store_pending_rows"), {}, double(s.pendingRows));
        }));
        std::weak_ptr<AuditLog> audit = m_audit;
        m_collectors.append(m_metrics->addCollector([audit](MetricsWriter &w) {
            if (auto a = audit.lock()) {
                w.family(QStringLiteral("orrery_audit_dropped_total"), QStringLiteral("counter"),
                         QStringLiteral("Audit entries dropped because the write queue was full."));
                w.sample(QStringLiteral("orrery_audit_dropped_total"), {}, double(a->dropped()));
            }
        }));
    }

    ApiServices services;
    services.engine = m_engine;
    services.tokens = m_tokens;
    services.clock = m_options.http.clock;
    services.version = m_options.version;
    services.queries = m_queries;
    services.audit = m_audit;
    services.figures = m_figures;
    services.metrics = m_metrics;
    services.storeMetrics = m_storeMetrics;
    services.stats = m_stats;
    services.workers = m_tracker;
    services.pool = m_pool;
    services.remote = m_remote;
    const auto modules = m_modules;
    auto httpMetrics = std::make_shared<HttpMetrics>(*m_metrics);
    std::shared_ptr<AuditLog> audit = m_audit;
    m_host = std::make_unique<HttpServerHost>(m_options.http, m_tokens, [=](ApiRouter &router) {
        router.addObserver(httpMetrics);
        router.addObserver(audit);
        HealthRoutes::registerRoutes(router, services);
        TokenRoutes::registerRoutes(router, services);
        MetadataRoutes::registerRoutes(router, services.engine);
        WorkflowRoutes::registerRoutes(router, services);
        WorkflowSearchRoutes::registerRoutes(router, services);
        TaskRoutes::registerRoutes(router, services);
        TaskReadRoutes::registerRoutes(router, services);
        TaskActionRoutes::registerRoutes(router, services);
        WorkflowActionRoutes::registerRoutes(router, services);
        WorkflowBulkRoutes::registerRoutes(router, services);
        OpsRoutes::registerRoutes(router, services);
        AuditRoutes::registerRoutes(router, services);
        registerOpenApi(router, services.version);
        for (const auto &module : modules)
            module(router);
    });
    auto bound = m_host->start(address, port);
    if (!bound.ok()) {
        stop();
        return bound;
    }
    if (m_tokens && m_queries && m_options.tokenReloadMs > 0) {
        m_tokenTimer = new QTimer(this);
        connect(m_tokenTimer, &QTimer::timeout, this, &HttpApiServer::reloadTokens);
        m_tokenTimer->start(m_options.tokenReloadMs);
    }
    return bound;
}

void HttpApiServer::reloadTokens()
{
    TokenService *tokens = m_tokens;
    m_queries->post([tokens](QueryExecutor::Connection &c) {
        if (auto r = tokens->reload(); !r.ok())
            qWarning("API tokens: %s", qPrintable(r.error().message));
        if (c.error)
            return;
        if (auto r = tokens->persistLastUse(c.db, *c.backend); !r.ok()) {
            c.failed = true;
            qWarning("API tokens: %s", qPrintable(r.error().message));
        }
    });
}

void HttpApiServer::stop()
{
    if (m_tokenTimer) {
        m_tokenTimer->stop();
        delete m_tokenTimer;
        m_tokenTimer = nullptr;
    }
    if (m_host)
        m_host->stop();
    m_host.reset();
    if (m_queries)
        m_queries->stop();
    if (m_audit)
        m_audit->stop();
    for (int id : std::as_const(m_collectors))
        m_metrics->removeCollector(id);
    m_collectors.clear();
}

quint16 HttpApiServer::port() const
{
    return m_host ? m_host->port() : 0;
}

QThread *HttpApiServer::serverThread() const
{
    return m_host ? m_host->serverThread() : nullptr;
}

} // namespace orrery
