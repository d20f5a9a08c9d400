#pragma once

#include "HttpSettings.h"

#include <QTcpServer>

namespace orrery {

// The listening socket of the API server. Every accepted connection gets a RequestGuard (size
// limits) and a ResponseQueue (in-order answers) attached BEFORE QHttpServer sees the socket, so
// the guard's readyRead slot runs ahead of QHttpServer's.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(const HttpSettings &settings, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    HttpSettings m_settings;
};

} // namespace orrery
