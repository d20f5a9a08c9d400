#pragma once

#include <QString>
#include <QTemporaryDir>
#include <memory>

class QProcess;

namespace orrery::test {

// A redis-server child on a FIXED port that can be stopped and started again on the same port
// (RedisTestServer picks a new port on every start; a reconnect test needs the old one back).
class RedisProcess
{
public:
    explicit RedisProcess(quint16 port);
    ~RedisProcess();

    bool start(QString *error);
    void stop(); // SIGKILL-free: SHUTDOWN NOSAVE, then wait
    bool isRunning() const;
    quint16 port() const { return m_port; }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }
    // Sends one command line (inline protocol) and returns the raw reply.
    QByteArray command(const QByteArray &line) const;

private:
    quint16 m_port;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
};

} // namespace orrery::test
