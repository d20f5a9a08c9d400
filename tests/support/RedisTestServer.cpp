#include "support/RedisTestServer.h"

#include "support/FreePort.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QThread>

namespace orrery::test {

RedisTestServer::RedisTestServer() = default;

RedisTestServer::~RedisTestServer()
{
    stop();
}

QString RedisTestServer::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1").arg(m_port);
}

bool RedisTestServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

bool RedisTestServer::start()
{
    if (isRunning())
        return true;
    const QString exe = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (exe.isEmpty()) {
        m_error = QStringLiteral("redis-server not found in PATH (install redis-server)");
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/orrery-redis-XXXXXX"));
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = FreePort::find();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setWorkingDirectory(m_dir->path());
        m_process->start(exe, {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
                               QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(),
                               QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--daemonize"),
                               QStringLiteral("no"), QStringLiteral("--dir"), m_dir->path()});
        if (!m_process->waitForStarted(5000)) {
            m_error = QStringLiteral("redis-server could not be started: %1").arg(m_process->errorString());
            m_process.reset();
            return false;
        }
        if (waitUntilReady(10000))
            return true;
        m_error = QStringLiteral("redis-server on port %1 did not answer PING: %2")
                      .arg(m_port)
                      .arg(QString::fromLocal8Bit(m_process->readAll()).trimmed().right(1000));
        stop();
    }
    return false;
}

bool RedisTestServer::waitUntilReady(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running)
            return false;
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        if (socket.waitForConnected(500)) {
            socket.write("PING\r\n");
            QByteArray reply;
            while (!reply.contains('\n') && socket.waitForReadyRead(1000))
                reply += socket.readAll();
            if (reply.startsWith("+PONG"))
                return true;
        }
        QThread::msleep(50);
    }
    return false;
}

void RedisTestServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
    m_process.reset();
}

} // namespace orrery::test
