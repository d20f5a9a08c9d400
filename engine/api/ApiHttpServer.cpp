#include "ApiHttpServer.h"

#include "ApiRouter.h"
#include "HttpRequest.h"
#include "HttpResponder.h"
#include "HttpSettings.h"
#include "ResponseQueue.h"
#include "ThreadMailbox.h"

#include <QHttpServerRequest>
#include <QTcpSocket>
#include <QWebSocket>

namespace orrery {

ApiHttpServer::ApiHttpServer(const ApiRouter *router, std::shared_ptr<const HttpSettings> settings,
                             QObject *parent)
    : QAbstractHttpServer(parent), m_router(router), m_settings(std::move(settings)),
      m_mailbox(std::make_shared<ThreadMailbox>(this))
{
    // WebSocket endpoints (ApiRouter::addWebSocket): QAbstractHttpServer upgrades a request only
    // while this signal is connected and handleRequest() accepts it; we then pass the socket on.
    if (m_router->hasWebSockets()) {
        connect(this, &QAbstractHttpServer::newWebSocketConnection, this, [this] {
            while (hasPendingWebSocketConnections()) {
                std::unique_ptr<QWebSocket> ws = nextPendingWebSocketConnection();
                if (const auto *acceptor = ws ? m_router->webSocketAcceptor(ws->requestUrl().path()) : nullptr)
                    (*acceptor)(std::move(ws));
            }
        });
    }
}

ApiHttpServer::~ApiHttpServer()
{
    m_mailbox->close();
}

bool ApiHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // A WebSocket upgrade: write nothing; true lets QAbstractHttpServer complete the handshake,
    // false sends it to missingHandler (404).
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return m_router->webSocketAcceptor(request.url().path()) != nullptr;
    ResponseQueue *queue = ResponseQueue::of(socket);
    if (!queue) // a socket accepted by a plain QTcpServer (not through GuardedTcpServer)
        queue = new ResponseQueue(socket);
    auto copy = std::make_shared<HttpRequest>(HttpRequest::fromQt(request));
    HttpResponder responder(queue, queue->begin(), copy->method == "HEAD", copy->wantsClose(), m_mailbox,
                            m_settings->instanceName());
    m_router->dispatch(std::move(copy), std::move(responder));
    return true;
}

void ApiHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() answers every request (404/405 included), so this is only reached for
    // requests QHttpServer refuses to hand over; answer them in the same error shape.
    ResponseQueue *queue = ResponseQueue::of(socket);
    if (!queue)
        queue = new ResponseQueue(socket);
    HttpResponse r = HttpResponse::error(404, QStringLiteral("No API resource at %1.").arg(request.url().path()),
                                         m_settings->instanceName());
    queue->finish(queue->begin(), r.toWire(false, true), true);
}

} // namespace orrery
