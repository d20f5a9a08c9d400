#pragma once

#include <QAbstractHttpServer>
#include <memory>

namespace orrery {

class ApiRouter;
class ThreadMailbox;
struct HttpSettings;

// QHttpServer's connection handling (HTTP/1.1 parsing, keep-alive, WebSocket upgrade) with
// Orrery's own routing and response writing: every parsed request is copied into an
// HttpRequest, given a slot in its connection's ResponseQueue and handed to the ApiRouter.
// Responses are written by HttpResponder, never through QHttpServerResponder (which adds a
// Content-Type to empty answers and cannot outlive the socket safely).
// Must be created, used and destroyed on one thread (the API server thread).
class ApiHttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    ApiHttpServer(const ApiRouter *router, std::shared_ptr<const HttpSettings> settings,
                  QObject *parent = nullptr);
    ~ApiHttpServer() override;

    // The mailbox answers from other threads are posted to.
    std::shared_ptr<ThreadMailbox> mailbox() const { return m_mailbox; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    const ApiRouter *m_router;
    std::shared_ptr<const HttpSettings> m_settings;
    std::shared_ptr<ThreadMailbox> m_mailbox;
};

} // namespace orrery
