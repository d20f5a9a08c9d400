#include "HttpApiServer.h"

#include "ApiRouter.h"
#include "HealthRoutes.h"
#include "HttpServerHost.h"
#include "MetadataRoutes.h"
#include "TaskRoutes.h"
#include "TokenRoutes.h"
#include "TokenService.h"
#include "WorkflowRoutes.h"

namespace orrery {

HttpApiServer::HttpApiServer(Engine *engine, TokenService *tokens, ApiServerOptions options, QObject *parent)
    : QObject(parent), m_engine(engine), m_tokens(tokens), m_options(std::move(options))
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

Result<quint16> HttpApiServer::start(const QHostAddress &address, quint16 port)
{
    if (m_host && m_host->isListening())
        return Error::conflict(QStringLiteral("The API server is already listening on port %1.").arg(m_host->port()));
    Engine *engine = m_engine;
    const TokenService *tokens = m_tokens;
    const QString version = m_options.version;
    const auto modules = m_modules;
    m_host = std::make_unique<HttpServerHost>(m_options.http, m_tokens, [=](ApiRouter &router) {
        HealthRoutes::registerRoutes(router, engine, version);
        TokenRoutes::registerRoutes(router, tokens);
        MetadataRoutes::registerRoutes(router, engine);
        WorkflowRoutes::registerRoutes(router, engine);
        TaskRoutes::registerRoutes(router, engine);
        for (const auto &module : modules)
            module(router);
    });
    auto bound = m_host->start(address, port);
    if (!bound.ok())
        m_host.reset();
    return bound;
}

void HttpApiServer::stop()
{
    if (m_host)
        m_host->stop();
    m_host.reset();
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
