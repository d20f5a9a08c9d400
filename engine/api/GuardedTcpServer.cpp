#include "GuardedTcpServer.h"

#include "RequestGuard.h"
#include "ResponseQueue.h"

#include <QTcpSocket>

namespace orrery {

GuardedTcpServer::GuardedTcpServer(const HttpSettings &settings, QObject *parent)
    : QTcpServer(parent), m_settings(settings)
{
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    auto *queue = new ResponseQueue(socket);
    new RequestGuard(socket, queue, m_settings); // child of the socket; connects readyRead first
    addPendingConnection(socket);
}

} // namespace orrery
