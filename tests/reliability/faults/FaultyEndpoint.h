#pragma once

#include "support/StubHttpServer.h"

#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <atomic>

namespace orrery::test {

// A remote HTTP dependency the test can break: on a thread of its own, it answers 200 with a
// small JSON body when Healthy, 503 when Failing, and reads requests but never answers them when
// Hanging (the connections stay open until the client gives up). Every request that reaches it
// is recorded with its arrival time, so a test can measure the rate at which a server under test
// keeps calling a dead dependency.
class FaultyEndpoint
{
public:
    enum class Mode { Healthy, Failing, Hanging };

    FaultyEndpoint();
    ~FaultyEndpoint();
    FaultyEndpoint(const FaultyEndpoint &) = delete;
    FaultyEndpoint &operator=(const FaultyEndpoint &) = delete;

    bool start(QString *error);
    quint16 port() const { return m_server.port(); }
    QString url(const QString &path) const { return m_server.url(path); }
    void setMode(Mode mode) { m_mode = mode; }
    Mode mode() const { return m_mode; }
    qint64 nowMs() const { return m_clock.elapsed(); }
    // Arrival times (ms since start) of every request.
    QList<qint64> requests() const;
    int countBetween(qint64 fromMs, qint64 toMs) const;

private:
    StubHttpServer::Reply answer();

    QElapsedTimer m_clock;
    std::atomic<Mode> m_mode{Mode::Healthy};
    mutable QMutex m_mutex;
    QList<qint64> m_requests;
    StubHttpServer m_server; // last: its thread stops before the state it records into goes
};

} // namespace orrery::test
