#pragma once

#include <QList>
#include <QMutex>
#include <QString>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace orrery::test {

// A TCP forwarder on 127.0.0.1 between a server under test and one of its dependencies
// (PostgreSQL, Redis, a Conductor server), so a test can count how often the server knocks on a
// dependency that is down: every accepted connection is recorded with its time, and when the
// upstream refuses it (the dependency is stopped) the client's connection is closed at once, as a
// dead server's port would. Bytes are copied unchanged both ways. Runs on plain threads.
class FaultProxy
{
public:
    explicit FaultProxy(quint16 upstreamPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    bool start(QString *error);
    void stop();
    quint16 port() const { return m_port; }
    void setUpstreamPort(quint16 port) { m_upstream = port; }
    // Closes every forwarded connection now (both sides), as a crashed dependency would.
    void dropAll();

    // Milliseconds since start() of every accepted connection; and of those the upstream refused.
    QList<qint64> accepted() const;
    QList<qint64> refused() const;
    qint64 nowMs() const;
    static int countBetween(const QList<qint64> &times, qint64 fromMs, qint64 toMs);

private:
    struct Pipe;
    void acceptLoop();
    void forward(std::shared_ptr<Pipe> pipe);

    std::atomic<quint16> m_upstream;
    quint16 m_port = 0;
    int m_listenFd = -1;
    std::atomic<bool> m_stop{false};
    std::thread m_acceptThread;
    qint64 m_startNs = 0;
    mutable QMutex m_mutex;
    QList<qint64> m_accepted;
    QList<qint64> m_refused;
    std::vector<std::shared_ptr<Pipe>> m_pipes;
    std::vector<std::thread> m_threads;
};

} // namespace orrery::test
