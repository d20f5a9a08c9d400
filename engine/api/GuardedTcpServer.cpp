#include "GuardedTcpServer.h"

#include "RequestGuard.h"
#include "ResponseQueue.h"

#include <QPointer>
#include <QSslSocket>
#include <QTimer>

namespace orrery {

GuardedTcpServer::GuardedTcpServer(const HttpSettings &settings, QObject *parent)
    : QTcpServer(parent), m_settings(settings)
{
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *ssl = new QSslSocket(this);
        if (!ssl->setSocketDescriptor(socketDescriptor)) {
            delete ssl;
            return;
        }
        ssl->setSslConfiguration(*m_tls);
        // A failed handshake (a plain-HTTP client, a bad cipher) just ends the connection.
        connect(ssl, &QSslSocket::sslErrors, ssl, [ssl](const QList<QSslError> &) { ssl->abort(); });
        QPointer<QSslSocket> guard(ssl);
        QTimer::singleShot(10'000, ssl, [guard] {
            if (guard && !guard->isEncrypted())
                guard->abort();
        });
        ssl->startServerEncryption();
        socket = ssl;
    } else {
        socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(socketDescriptor)) {
            delete socket;
            return;
        }
    }
    auto *queue = new ResponseQueue(socket);
    new RequestGuard(socket, queue, m_settings); // child of the socket; connects readyRead first
    addPendingConnection(socket);
}

} // namespace orrery
