#include "HttpServerHost.h"

#include "ApiHttpServer.h"
#include "ApiRouter.h"
#include "GuardedTcpServer.h"
#include "TlsFiles.h"

#include <QThread>

namespace orrery {

// Everything that must live and die on the server thread.
struct HttpServerHost::ServerObjects
{
    std::shared_ptr<const HttpSettings> settings;
    std::unique_ptr<ApiRouter> router;
    std::unique_ptr<ApiHttpServer> server; // parent of the GuardedTcpServer and all sockets
};

HttpServerHost::HttpServerHost(HttpSettings settings, const Authenticator *authenticator,
                               std::function<void(ApiRouter &)> registerRoutes, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_authenticator(authenticator),
      m_registerRoutes(std::move(registerRoutes))
{
}

HttpServerHost::~HttpServerHost()
{
    stop();
}

Result<quint16> HttpServerHost::start(const QHostAddress &address, quint16 port)
{
    if (m_port != 0)
        return Error::conflict(QStringLiteral("The API server is already listening on port %1.").arg(m_port));
    if (m_settings.instance.isEmpty()) // resolved once: every error body and request names it
        m_settings.instance = m_settings.instanceName();
    std::optional<QSslConfiguration> tls;
    if (m_settings.tlsEnabled()) {
        auto loaded = TlsFiles::load(m_settings.tlsCertFile, m_settings.tlsKeyFile);
        if (!loaded.ok())
            return loaded.error();
        tls = loaded.value();
    }
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("orrery-api"));
    m_thread->start();
    m_anchor = new QObject; // no parent: it is moved to the thread, deleted in stop()
    m_anchor->moveToThread(m_thread.get());

    std::optional<Error> failure;
    QMetaObject::invokeMethod(
        m_anchor,
        [&] {
            auto objects = std::make_unique<ServerObjects>();
            objects->settings = std::make_shared<const HttpSettings>(m_settings);
            objects->router = std::make_unique<ApiRouter>(m_authenticator, objects->settings);
            if (m_registerRoutes)
                m_registerRoutes(*objects->router);
            objects->server = std::make_unique<ApiHttpServer>(objects->router.get(), objects->settings);
            auto *tcp = new GuardedTcpServer(m_settings, objects->server.get());
            if (tls)
                tcp->setTls(*tls);
            if (!tcp->listen(address, port)) {
                failure = Error::unavailable(QStringLiteral("Cannot listen on %1:%2: %3")
                                                 .arg(address.toString())
                                                 .arg(port)
                                                 .arg(tcp->errorString()));
                return; // objects (and tcp, their child) are destroyed here, on this thread
            }
            objects->server->bind(tcp);
            m_port = tcp->serverPort();
            m_objects = objects.release();
        },
        Qt::BlockingQueuedConnection);

    if (failure) {
        stop();
        return *failure;
    }
    return m_port;
}

void HttpServerHost::stop()
{
    if (!m_thread)
        return;
    if (m_anchor) {
        // Destroy the server objects on their own thread (members go in reverse order: the
        // server with its listening socket and connections first, then the router).
        QMetaObject::invokeMethod(
            m_anchor,
            [this] {
                delete m_objects;
                m_objects = nullptr;
            },
            Qt::BlockingQueuedConnection);
    }
    m_thread->quit();
    m_thread->wait();
    delete m_anchor; // its thread has finished: no event can reach it any more
    m_anchor = nullptr;
    m_thread.reset();
    m_port = 0;
}

} // namespace orrery
