#pragma once

#include "HttpSettings.h"

#include <QSslConfiguration>
#include <QTcpServer>
#include <optional>

namespace orrery {

// The listening socket of the API server. Every accepted connection gets a RequestGuard (size
// limits) and a ResponseQueue (in-order answers) attached BEFORE QHttpServer sees the socket, so
// the guard's readyRead slot runs ahead of QHttpServer's. With a TLS configuration, connections
// are QSslSockets in server mode: the handshake starts at once, and the guard and QHttpServer
// only ever see decrypted bytes; a client that does not complete the handshake within 10 s is
// disconnected.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(const HttpSettings &settings, QObject *parent = nullptr);

    void setTls(const QSslConfiguration &configuration) { m_tls = configuration; }
    bool tlsEnabled() const { return m_tls.has_value(); }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    HttpSettings m_settings;
    std::optional<QSslConfiguration> m_tls;
    bool m_acceptRetryPending = false;
};

} // namespace orrery
