#include "RedisProcess.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QThread>

namespace orrery::test {

RedisProcess::RedisProcess(quint16 port) : m_port(port) {}

RedisProcess::~RedisProcess()
{
    stop();
}

bool RedisProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

bool RedisProcess::start(QString *error)
{
    const QString exe = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (exe.isEmpty()) {
        *error = QStringLiteral("redis-server not found in PATH (apt-get install redis-server)");
        return false;
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(exe, {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
                           QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(),
                           QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--dir"), m_dir.path()});
    if (!m_process->waitForStarted(5000)) {
        *error = m_process->errorString();
        return false;
    }
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (command("PING").startsWith("+PONG"))
            return true;
        if (m_process->state() != QProcess::Running)
            break;
        QThread::msleep(20);
    }
    *error = QStringLiteral("redis-server on port %1 did not come up: %2").arg(m_port).arg(QString::fromLocal8Bit(m_process->readAll()));
    return false;
}

void RedisProcess::stop()
{
    if (!isRunning())
        return;
    command("SHUTDOWN NOSAVE");
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

QByteArray RedisProcess::command(const QByteArray &line) const
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    if (!socket.waitForConnected(500))
        return {};
    socket.write(line + "\r\n");
    socket.flush();
    QByteArray reply;
    while (!reply.contains('\n') && socket.waitForReadyRead(1000))
        reply += socket.readAll();
    return reply;
}

} // namespace orrery::test
