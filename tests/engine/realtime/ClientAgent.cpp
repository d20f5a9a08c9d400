#include "ClientAgent.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace orrery::test {

ClientAgent::ClientAgent(Kind kind) : m_kind(kind) {}

ClientAgent::~ClientAgent()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->write("{\"op\":\"exit\"}\n");
        m_process->closeWriteChannel();
        if (!m_process->waitForFinished(3000)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
}

bool ClientAgent::start(QString *error)
{
    const QString agents = QStringLiteral(ORRERY_RT_AGENTS);
    QString program;
    QStringList args;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (m_kind == Kind::Node) {
        program = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (program.isEmpty()) {
            *error = QStringLiteral("node is not installed (scripts/install-deps.sh installs nodejs)");
            return false;
        }
        const QString modules = QStringLiteral(ORRERY_RT_NODE_MODULES);
        if (!QFileInfo::exists(modules + QStringLiteral("/socket.io-client"))) {
            *error = QStringLiteral("socket.io-client is not installed in %1; build the target orrery_rt_node_clients "
                                    "(npm install socket.io-client@4)")
                         .arg(modules);
            return false;
        }
        env.insert(QStringLiteral("NODE_PATH"), modules);
        args << agents + QStringLiteral("/sio_agent.js");
    } else {
        program = QStringLiteral("/usr/bin/python3"); // Debian's, where python3-socketio lives
        args << agents + QStringLiteral("/sio_agent.py");
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(env);
    m_process->start(program, args);
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(program, m_process->errorString());
        return false;
    }
    const QJsonObject ready = waitFor([](const QJsonObject &o) { return o.value(QLatin1String("type")) == QLatin1String("ready"); },
                                      20000);
    if (ready.isEmpty()) {
        *error = QStringLiteral("%1 agent did not start: %2").arg(name(m_kind), QString::fromUtf8(m_stderr));
        return false;
    }
    m_version = ready.value(QLatin1String("version")).toString();
    return true;
}

void ClientAgent::send(const QJsonObject &command)
{
    m_process->write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
    m_process->waitForBytesWritten(1000);
}

void ClientAgent::connectTo(const QString &id, const QString &url, const QString &nsp, const QJsonValue &token,
                            bool ackHeartbeat)
{
    QJsonObject cmd{{QStringLiteral("op"), QStringLiteral("connect")},
                    {QStringLiteral("id"), id},
                    {QStringLiteral("url"), url},
                    {QStringLiteral("nsp"), nsp},
                    {QStringLiteral("ackHeartbeat"), ackHeartbeat}};
    if (!token.isNull() && !token.isUndefined())
        cmd.insert(QStringLiteral("auth"), QJsonObject{{QStringLiteral("token"), token}});
    send(cmd);
}

void ClientAgent::emitEvent(const QString &id, const QString &event, const QJsonArray &args, const QString &ackTag)
{
    QJsonObject cmd{{QStringLiteral("op"), QStringLiteral("emit")},
                    {QStringLiteral("id"), id},
                    {QStringLiteral("event"), event},
                    {QStringLiteral("args"), args}};
    if (!ackTag.isEmpty()) {
        cmd.insert(QStringLiteral("ack"), true);
        cmd.insert(QStringLiteral("tag"), ackTag);
    }
    send(cmd);
}

void ClientAgent::readLines(int waitMs)
{
    if (m_process->bytesAvailable() == 0)
        m_process->waitForReadyRead(waitMs);
    m_partial += m_process->readAllStandardOutput();
    m_stderr += m_process->readAllStandardError();
    qsizetype nl;
    while ((nl = m_partial.indexOf('\n')) >= 0) {
        const QByteArray line = m_partial.left(nl);
        m_partial.remove(0, nl + 1);
        const QJsonDocument d = QJsonDocument::fromJson(line);
        if (d.isObject())
            m_lines.append(d.object());
    }
}

QJsonObject ClientAgent::waitFor(const std::function<bool(const QJsonObject &)> &match, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        for (qsizetype i = 0; i < m_lines.size(); ++i) {
            if (match(m_lines[i]))
                return m_lines.takeAt(i);
        }
        if (deadline.hasExpired() || m_process->state() == QProcess::NotRunning)
            return {};
        readLines(int(std::clamp<qint64>(deadline.remainingTime(), 1, 50)));
    }
}

QJsonObject ClientAgent::waitFor(const QString &id, const QString &type, int timeoutMs)
{
    return waitFor([&](const QJsonObject &o) { return o.value(QLatin1String("id")) == id && o.value(QLatin1String("type")) == type; },
                   timeoutMs);
}

QJsonObject ClientAgent::waitForEvent(const QString &id, const QString &event, int timeoutMs)
{
    return waitFor([&](const QJsonObject &o) {
        return o.value(QLatin1String("id")) == id && o.value(QLatin1String("type")) == QLatin1String("event")
            && o.value(QLatin1String("event")) == event;
    }, timeoutMs);
}

QJsonObject ClientAgent::waitForAck(const QString &id, const QString &tag, int timeoutMs)
{
    return waitFor([&](const QJsonObject &o) {
        return o.value(QLatin1String("id")) == id && o.value(QLatin1String("type")) == QLatin1String("ack")
            && o.value(QLatin1String("tag")) == tag;
    }, timeoutMs);
}

QList<QJsonObject> ClientAgent::collect(const QString &id, int ms)
{
    const QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        readLines(int(std::clamp<qint64>(deadline.remainingTime(), 1, 50)));
    QList<QJsonObject> out;
    for (qsizetype i = 0; i < m_lines.size();) {
        if (m_lines[i].value(QLatin1String("id")) == id)
            out.append(m_lines.takeAt(i));
        else
            ++i;
    }
    return out;
}

} // namespace orrery::test
