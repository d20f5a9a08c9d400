#pragma once

#include <QString>
#include <QTemporaryDir>
#include <memory>

class QProcess;

namespace orrery::test {

// A throwaway redis-server on a free loopback port (no persistence, not daemonized), stopped in the
// destructor. start() returns false with errorString() if redis-server is missing or does not answer.
class RedisTestServer
{
public:
    RedisTestServer();
    ~RedisTestServer();
    RedisTestServer(const RedisTestServer &) = delete;
    RedisTestServer &operator=(const RedisTestServer &) = delete;

    bool start();
    void stop();
    bool isRunning() const;
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    QString url() const; // redis://127.0.0.1:<port>

private:
    bool waitUntilReady(int timeoutMs);

    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QTemporaryDir> m_dir;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace orrery::test
