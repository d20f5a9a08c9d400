#include "ApiHttpServer.h"

#include "ApiRouter.h"
#include "HttpRequest.h"
#include "HttpResponder.h"
#include "HttpSettings.h"
#include "ResponseQueue.h"
#include "ThreadMailbox.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

namespace orrery {

ApiHttpServer::ApiHttpServer(const ApiRouter *router, std::shared_ptr<const HttpSettings> settings,
                             QObject *parent)
    : QAbstractHttpServer(parent), m_router(router), m_settings(std::move(settings)),
      m_mailbox(std::make_shared<ThreadMailbox>(this))
{
}

ApiHttpServer::~ApiHttpServer()
{
    m_mailbox->close();
}

bool ApiHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
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
