#include "FaultyEndpoint.h"

#include <algorithm>

namespace orrery::test {

FaultyEndpoint::FaultyEndpoint()
    : m_server(QStringLiteral("faulty-endpoint"), [this](const StubHttpServer::Request &) { return answer(); })
{
}

FaultyEndpoint::~FaultyEndpoint() = default;

bool FaultyEndpoint::start(QString *error)
{
    m_clock.start();
    return m_server.start(error);
}

StubHttpServer::Reply FaultyEndpoint::answer()
{
    {
        QMutexLocker lock(&m_mutex);
        m_requests.append(m_clock.elapsed());
    }
    StubHttpServer::Reply reply;
    switch (m_mode.load()) {
    case Mode::Hanging:
        reply.hang = true;
        break;
    case Mode::Failing:
        reply.status = 503;
        reply.body = QByteArrayLiteral("{\"error\":\"maintenance\"}\n");
        break;
    case Mode::Healthy:
        break;
    }
    return reply;
}

QList<qint64> FaultyEndpoint::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int FaultyEndpoint::countBetween(qint64 fromMs, qint64 toMs) const
{
    QMutexLocker lock(&m_mutex);
    return int(std::count_if(m_requests.cbegin(), m_requests.cend(), [=](qint64 t) { return t >= fromMs && t < toMs; }));
}

} // namespace orrery::test
