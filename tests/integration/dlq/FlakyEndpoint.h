#pragma once

#include "support/StubHttpServer.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <atomic>

namespace orrery::test {

// A local HTTP endpoint on a thread of its own (so it answers whatever the test thread does):
//   /ok/...       503 while failing(), 200 once healthy
//   /missing/...  404 until setMissingFound(true), then 200
//   /alerts       200; the JSON bodies are kept (the DLQ alert webhook)
// Every request is recorded with its arrival time (ms since the endpoint started).
class FlakyEndpoint
{
public:
    struct Request
    {
        qint64 atMs = 0;
        QByteArray method;
        QByteArray path;
        int status = 0;
    };

    FlakyEndpoint();
    ~FlakyEndpoint();

    bool start(QString *error) { return m_server.start(error); }
    quint16 port() const { return m_server.port(); }
    QString url(const QString &path) const { return m_server.url(path); }

    void setHealthy(bool healthy) { m_healthy = healthy; }
    void setMissingFound(bool found) { m_missingFound = found; }
    qint64 nowMs() const { return m_clock.elapsed(); }

    QList<Request> requests() const;
    QList<QJsonObject> alerts() const;

private:
    StubHttpServer::Reply answer(const StubHttpServer::Request &request);

    QElapsedTimer m_clock;
    std::atomic<bool> m_healthy{false};
    std::atomic<bool> m_missingFound{false};
    mutable QMutex m_mutex;
    QList<Request> m_requests;
    QList<QJsonObject> m_alerts;
    StubHttpServer m_server; // last: its thread stops before the state it records into goes
};

} // namespace orrery::test
