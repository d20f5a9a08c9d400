#include "RedisHealthCheck.h"

#include "events/RedisEndpoint.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QList>
#include <QTcpSocket>

#include <cmath>

namespace orrery {

namespace {

QByteArray command(const QList<QByteArray> &parts)
{
    QByteArray out = '*' + QByteArray::number(parts.size()) + "\r\n";
    for (const QByteArray &p : parts)
        out += '$' + QByteArray::number(p.size()) + "\r\n" + p + "\r\n";
    return out;
}

// One RESP reply line ("+PONG", "-ERR ..."), or an empty array on timeout / closed connection.
QByteArray readLine(QTcpSocket &socket, const QDeadlineTimer &deadline)
{
    while (!socket.canReadLine()) {
        if (deadline.hasExpired() || !socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            return {};
    }
    return socket.readLine().trimmed();
}

} // namespace

HealthCheckResult RedisHealthCheck::run(const QString &url, int timeoutMs)
{
    if (url.trimmed().isEmpty())
        return HealthCheckResult::skipped(QStringLiteral("no Redis configured (--redis-url)"));
    const auto endpoint = RedisEndpoint::parse(url);
    if (!endpoint)
        return HealthCheckResult::failed(endpoint.error().message);
    const QString where = endpoint->display();
    const QJsonObject details{{QStringLiteral("endpoint"), where}};

    QElapsedTimer elapsed;
    elapsed.start();
    const QDeadlineTimer deadline(timeoutMs);
    QTcpSocket socket;
    socket.connectToHost(endpoint->host, endpoint->port);
    if (!socket.waitForConnected(timeoutMs))
        return HealthCheckResult::failed(QStringLiteral("cannot connect to %1: %2").arg(where, socket.errorString()), -1, details);

    // AUTH and SELECT (when the URL asks for them) and PING, pipelined; one reply line each.
    QList<QPair<QByteArray, QByteArray>> steps; // command name, expected reply
    QByteArray out;
    if (!endpoint->password.isEmpty()) {
        out += endpoint->user.isEmpty() ? command({"AUTH", endpoint->password.toUtf8()})
                                        : command({"AUTH", endpoint->user.toUtf8(), endpoint->password.toUtf8()});
        steps.append(qMakePair(QByteArray("AUTH"), QByteArray("+OK")));
    }
    if (endpoint->db != 0) {
        out += command({"SELECT", QByteArray::number(endpoint->db)});
        steps.append(qMakePair(QByteArray("SELECT"), QByteArray("+OK")));
    }
    out += command({"PING"});
    steps.append(qMakePair(QByteArray("PING"), QByteArray("+PONG")));
    QElapsedTimer roundTrip;
    roundTrip.start();
    socket.write(out);
    for (const auto &[name, expected] : std::as_const(steps)) {
        const QByteArray reply = readLine(socket, deadline);
        if (reply.isEmpty())
            return HealthCheckResult::failed(QStringLiteral("%1 did not answer %2 within %3 ms (%4)")
                                                 .arg(where, QString::fromLatin1(name)).arg(timeoutMs).arg(socket.errorString()),
                                             -1, details);
        if (reply != expected)
            return HealthCheckResult::failed(QStringLiteral("%1 answered %2 with \"%3\"")
                                                 .arg(where, QString::fromLatin1(name), QString::fromUtf8(reply.left(200))),
                                             roundTrip.nsecsElapsed() / 1e6, details);
    }
    const double latency = roundTrip.nsecsElapsed() / 1e6;
    socket.disconnectFromHost();
    QJsonObject d = details;
    d.insert(QStringLiteral("connectMs"), std::round((elapsed.nsecsElapsed() / 1e6 - latency) * 1000) / 1000);
    return HealthCheckResult::ok(latency, QStringLiteral("%1 answered PONG").arg(where), d);
}

} // namespace orrery
