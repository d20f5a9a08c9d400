#pragma once

#include "HttpSettings.h"
#include "Principal.h"

#include "core/Result.h"

#include <QHostAddress>
#include <QObject>
#include <functional>
#include <memory>

class QThread;

namespace orrery {

class ApiRouter;
class ApiHttpServer;

// Runs an HTTP API server on a thread of its own. start() constructs QHttpServer INSIDE that
// thread (a QHttpServer moved between threads crashes on its second WebSocket upgrade), binds
// it through GuardedTcpServer (request size limits) and returns the bound port.
// The host owns the thread; the server objects are created and destroyed on it.
class HttpServerHost : public QObject
{
    Q_OBJECT

public:
    // `registerRoutes` fills the router; it runs on the server thread during start().
    // `authenticator` is not owned and must outlive the host.
    HttpServerHost(HttpSettings settings, const Authenticator *authenticator,
                   std::function<void(ApiRouter &)> registerRoutes, QObject *parent = nullptr);
    ~HttpServerHost() override;

    // Listens on address:port (port 0 = any free port). Returns the bound port.
    Result<quint16> start(const QHostAddress &address, quint16 port);
    // Closes the listening socket and every connection, then stops the thread. Idempotent.
    void stop();

    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QThread *serverThread() const { return m_thread.get(); }

private:
    struct ServerObjects;

    HttpSettings m_settings;
    const Authenticator *m_authenticator;
    std::function<void(ApiRouter &)> m_registerRoutes;
    std::unique_ptr<QThread> m_thread;
    QObject *m_anchor = nullptr;       // lives on m_thread; deleted on it
    ServerObjects *m_objects = nullptr; // created and deleted on m_thread
    quint16 m_port = 0;
};

} // namespace orrery
