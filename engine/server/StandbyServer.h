#pragma once

#include "core/Result.h"
#include "runtime/EngineLease.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace orrery {

// What an orreryd serves while it is a standby (it does not hold the engine lease of its
// PostgreSQL store, so it runs no engine): on the address the active server would use,
//   GET /healthz            200 {healthy, engineRunning: false, role: "standby", instance, active}
//   GET /api/engine/lease   200 {role: "standby", instance, active: {instance, url, since}, error?}
//   GET /metrics            orrery_engine_lease_active 0
// and every other request (reads, writes, worker polls, Socket.IO) 503 in Conductor's error
// shape, naming the active instance's advertised URL in the body ("activeUrl") and in the
// X-Orrery-Active-Url header, with Retry-After: 1. Clients send the request there (or retry here:
// this address becomes the active one when this instance takes over). Lives on the thread that
// creates it; anonymous (it serves no data).
class StandbyServer : public QObject
{
    Q_OBJECT

public:
    explicit StandbyServer(QString instance, QObject *parent = nullptr);
    ~StandbyServer() override;

    // Serve HTTPS (the same certificate as the active server); call before listen().
    void setTls(const QSslConfiguration &tls) { m_tls = tls; m_useTls = true; }
    // Binds address:port (0 = a free port) and returns the bound port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // Stops listening and drops every connection (before the active server binds the port).
    void close();

    void setActive(const EngineLeaseHolder &active) { m_active = active; }
    void setLastError(const QString &error) { m_error = error; }

    static constexpr const char *kActiveHeader = "X-Orrery-Active-Url";

private:
    QJsonObject leaseJson() const;
    void refuse(const QHttpServerRequest &request, QHttpServerResponder &&responder) const;

    QString m_instance;
    EngineLeaseHolder m_active;
    QString m_error;
    QSslConfiguration m_tls;
    bool m_useTls = false;
    std::unique_ptr<QHttpServer> m_http;
};

} // namespace orrery
