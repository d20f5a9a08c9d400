#include "FlakyEndpoint.h"

#include <QJsonDocument>

namespace orrery::test {

FlakyEndpoint::FlakyEndpoint()
    : m_server(QStringLiteral("flaky-endpoint"), [this](const StubHttpServer::Request &r) { return answer(r); })
{
    m_clock.start();
}

FlakyEndpoint::~FlakyEndpoint() = default;

StubHttpServer::Reply FlakyEndpoint::answer(const StubHttpServer::Request &request)
{
    Request r;
    r.atMs = nowMs();
    r.method = request.method;
    r.path = request.target;
    if (r.path.startsWith("/alerts")) {
        r.status = 200;
        QMutexLocker lock(&m_mutex);
        m_alerts.append(QJsonDocument::fromJson(request.body).object());
    } else if (r.path.startsWith("/missing")) {
        r.status = m_missingFound ? 200 : 404;
    } else {
        r.status = m_healthy ? 200 : 503;
    }
    {
        QMutexLocker lock(&m_mutex);
        m_requests.append(r);
    }
    StubHttpServer::Reply reply;
    reply.status = r.status;
    if (r.status != 200)
        reply.body = QByteArrayLiteral("{\"ok\":false}");
    return reply;
}

QList<FlakyEndpoint::Request> FlakyEndpoint::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

QList<QJsonObject> FlakyEndpoint::alerts() const
{
    QMutexLocker lock(&m_mutex);
    return m_alerts;
}

} // namespace orrery::test
