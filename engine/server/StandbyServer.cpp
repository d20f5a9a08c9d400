#include "StandbyServer.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QTcpServer>

namespace orrery {

namespace {
QString methodName(const QHttpServerRequest &request)
{
    switch (request.method()) {
    case QHttpServerRequest::Method::Get: return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put: return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head: return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Patch: return QStringLiteral("PATCH");
    case QHttpServerRequest::Method::Options: return QStringLiteral("OPTIONS");
    default: return QStringLiteral("the request");
    }
}
} // namespace

StandbyServer::StandbyServer(QString instance, QObject *parent) : QObject(parent), m_instance(std::move(instance)) {}

StandbyServer::~StandbyServer() { close(); }

QJsonObject StandbyServer::leaseJson() const
{
    QJsonObject o{{QStringLiteral("role"), QStringLiteral("standby")},
                  {QStringLiteral("instance"), m_instance},
                  {QStringLiteral("active"), m_active.known() ? QJsonValue(m_active.toJson()) : QJsonValue()}};
    if (!m_error.isEmpty())
        o.insert(QStringLiteral("error"), m_error);
    return o;
}

Result<quint16> StandbyServer::listen(const QHostAddress &address, quint16 port)
{
    close();
    m_http = std::make_unique<QHttpServer>();
    m_http->route(QStringLiteral("/healthz"), QHttpServerRequest::Method::Get, [this] {
        QJsonObject o = leaseJson();
        o.insert(QStringLiteral("healthy"), true);
        o.insert(QStringLiteral("engineRunning"), false);
        return QHttpServerResponse(o);
    });
    m_http->route(QStringLiteral("/api/engine/lease"), QHttpServerRequest::Method::Get,
                  [this] { return QHttpServerResponse(leaseJson()); });
    m_http->route(QStringLiteral("/metrics"), QHttpServerRequest::Method::Get, [] {
        return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"),
                                   QByteArrayLiteral("# HELP orrery_engine_lease_active 1 while this instance holds the engine "
                                                     "lease and runs the engine\n"
                                                     "# TYPE orrery_engine_lease_active gauge\n"
                                                     "orrery_engine_lease_active 0\n"));
    });
    m_http->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        refuse(request, std::move(responder));
    });
    if (m_useTls)
        m_http->sslSetup(m_tls);
    const quint16 bound = m_http->listen(address, port);
    if (bound == 0) {
        m_http.reset();
        return Error::unavailable(QStringLiteral("cannot listen on %1:%2 (in use, or no permission)")
                                      .arg(address.toString()).arg(port));
    }
    return bound;
}

void StandbyServer::refuse(const QHttpServerRequest &request, QHttpServerResponder &&responder) const
{
    const QString where = m_active.known() ? m_active.url : QString();
    QJsonObject body{{QStringLiteral("status"), 503},
                     {QStringLiteral("message"),
                      where.isEmpty() ? QStringLiteral("this orreryd is a standby and no active engine is known yet; retry shortly")
                                      : QStringLiteral("this orreryd is a standby; send %1 %2 to the active engine at %3")
                                            .arg(methodName(request), request.url().path(), where)},
                     {QStringLiteral("instance"), m_instance},
                     {QStringLiteral("retryable"), true},
                     {QStringLiteral("role"), QStringLiteral("standby")},
                     {QStringLiteral("activeUrl"), where}};
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    responder.write(json,
                    {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
                     {QByteArray(kActiveHeader), where.toUtf8()},
                     {QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")}},
                    QHttpServerResponder::StatusCode::ServiceUnavailable);
}

void StandbyServer::close()
{
    if (!m_http)
        return;
    for (QTcpServer *server : m_http->servers())
        server->close();
    m_http.reset();
}

} // namespace orrery
