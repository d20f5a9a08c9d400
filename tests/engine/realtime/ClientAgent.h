#pragma once

#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <functional>
#include <memory>

namespace orrery::test {

// Drives a real Socket.IO client library in a child process (clients/sio_agent.js with
// socket.io-client 4.x under node, or clients/sio_agent.py with python-socketio): commands go
// to its stdin, observations come back as JSON lines (see the scripts).
class ClientAgent
{
public:
    enum class Kind { Node, Python };

    explicit ClientAgent(Kind kind);
    ~ClientAgent();

    static QString name(Kind kind) { return kind == Kind::Node ? QStringLiteral("node") : QStringLiteral("python"); }

    bool start(QString *error);
    void send(const QJsonObject &command);

    // Convenience commands.
    void connectTo(const QString &id, const QString &url, const QString &nsp, const QJsonValue &token,
                   bool ackHeartbeat = true);
    void emitEvent(const QString &id, const QString &event, const QJsonArray &args, const QString &ackTag = {});

    // Waits for the first not yet consumed line matching `match`; returns it (consumed) or an
    // empty object after the timeout.
    QJsonObject waitFor(const std::function<bool(const QJsonObject &)> &match, int timeoutMs = 10000);
    QJsonObject waitFor(const QString &id, const QString &type, int timeoutMs = 10000);
    QJsonObject waitForEvent(const QString &id, const QString &event, int timeoutMs = 10000);
    QJsonObject waitForAck(const QString &id, const QString &tag, int timeoutMs = 10000);
    // Reads for `ms` and returns every not yet consumed line of client `id` (consuming them).
    QList<QJsonObject> collect(const QString &id, int ms);

    QString version() const { return m_version; }
    QByteArray stderrText() const { return m_stderr; }

private:
    void readLines(int waitMs);

    Kind m_kind;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_partial;
    QByteArray m_stderr;
    QList<QJsonObject> m_lines;
    QString m_version;
};

} // namespace orrery::test
