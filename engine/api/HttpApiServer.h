#pragma once

#include "HttpSettings.h"

#include "core/Result.h"

#include <QHostAddress>
#include <QObject>
#include <functional>
#include <memory>

class QThread;

namespace orrery {

class ApiRouter;
class Engine;
class HttpServerHost;
class TokenService;

struct ApiServerOptions
{
    HttpSettings http;    // body / header / JSON depth limits, instance name
    QString version;      // GET /api/version; empty = this build's version
};

// Orrery's REST API server: the Conductor-compatible routes wired to an Engine, with bearer
// token authentication, on a thread of its own (see HttpServerHost).
// Engine and TokenService are not owned and must outlive the server (stop it first).
class HttpApiServer : public QObject
{
    Q_OBJECT

public:
    HttpApiServer(Engine *engine, TokenService *tokens, ApiServerOptions options = {},
                  QObject *parent = nullptr);
    ~HttpApiServer() override;

    // Extension point for later route modules (DLQ, scheduler, ...): `registerFn` runs on the
    // server thread during start(). Call before start().
    void addRoutes(std::function<void(ApiRouter &)> registerFn);

    // Binds address:port (0 = any free port) and returns the bound port.
    Result<quint16> start(const QHostAddress &address, quint16 port);
    void stop();

    quint16 port() const;
    QThread *serverThread() const;

    static QString buildVersion();

private:
    Engine *m_engine;
    TokenService *m_tokens;
    ApiServerOptions m_options;
    QList<std::function<void(ApiRouter &)>> m_modules;
    std::unique_ptr<HttpServerHost> m_host;
};

} // namespace orrery
