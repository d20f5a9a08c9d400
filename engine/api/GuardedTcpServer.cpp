#include "GuardedTcpServer.h"

#include "RequestGuard.h"
#include "ResponseQueue.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSslSocket>
#include <QTimer>

namespace orrery {

namespace {
Q_LOGGING_CATEGORY(lcAccept, "orrery.api.accept")
constexpr int kAcceptRetryMs = 250;
} // namespace

GuardedTcpServer::GuardedTcpServer(const HttpSettings &settings, QObject *parent)
    : QTcpServer(parent), m_settings(settings)
{
    // QTcpServer pauses accepting for good on any accept() error but EAGAIN, and running out of
    // file descriptors (EMFILE: thousands of idle or slow clients) is one: the server would never
    // accept again, even after those clients left. Resume after a short pause instead (the
    // pending connection stays in the backlog; resuming at once would spin on it).
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        if (m_acceptRetryPending)
            return;
        m_acceptRetryPending = true;
        qCWarning(lcAccept).noquote() << "cannot accept a connection:" << errorString() << "(" << int(error)
                                      << "); retrying in" << kAcceptRetryMs << "ms";
        QTimer::singleShot(kAcceptRetryMs, this, [this] {
            m_acceptRetryPending = false;
            if (isListening())
                resumeAccepting();
        });
    });
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
