#include "RawHttp.h"

#include <QElapsedTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace orrery::test {

namespace {

int remaining(const QElapsedTimer &t, int timeoutMs)
{
    return int(qMax<qint64>(0, timeoutMs - t.elapsed()));
}

bool waitFor(int fd, short events, int timeoutMs)
{
    pollfd p{fd, events, 0};
    for (;;) {
        const int n = ::poll(&p, 1, timeoutMs);
        if (n < 0 && errno == EINTR)
            continue;
        return n > 0;
    }
}

} // namespace

QByteArray RawHttp::Reply::header(const QByteArray &name) const
{
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0 && lines[i].left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return lines[i].mid(colon + 1).trimmed();
    }
    return {};
}

int RawHttp::connectTo(quint16 port, int timeoutMs, const QByteArray &source, QString *error)
{
    const auto fail = [error](int fd, const QString &why) {
        if (error)
            *error = why;
        if (fd >= 0)
            ::close(fd);
        return -1;
    };
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return fail(-1, QStringLiteral("socket(): %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!source.isEmpty()) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, source.constData(), &local.sin_addr);
        if (::bind(fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0)
            return fail(fd, QStringLiteral("bind(%1): %2").arg(QString::fromLatin1(source), QString::fromLocal8Bit(std::strerror(errno))));
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        if (errno != EINPROGRESS)
            return fail(fd, QStringLiteral("connect(): %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
        if (!waitFor(fd, POLLOUT, timeoutMs))
            return fail(fd, QStringLiteral("connect(): no answer within %1 ms").arg(timeoutMs));
        int soError = 0;
        socklen_t len = sizeof soError;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len);
        if (soError != 0)
            return fail(fd, QStringLiteral("connect(): %1").arg(QString::fromLocal8Bit(std::strerror(soError))));
    }
    return fd;
}

bool RawHttp::sendAll(int fd, const QByteArray &bytes, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && waitFor(fd, POLLOUT, remaining(t, timeoutMs)))
            continue;
        return false;
    }
    return true;
}

RawHttp::Reply RawHttp::readReply(int fd, int timeoutMs)
{
    Reply r;
    QElapsedTimer t;
    t.start();
    QByteArray buffer;
    qsizetype headEnd = -1;
    qint64 length = -1;
    char chunk[16384];
    for (;;) {
        if (headEnd < 0) {
            headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                r.head = buffer.left(headEnd);
                const QList<QByteArray> status = r.head.left(r.head.indexOf('\r')).split(' ');
                r.status = status.size() > 1 ? status[1].toInt() : 0;
                const QByteArray cl = r.header("Content-Length");
                length = cl.isEmpty() ? -1 : cl.toLongLong();
            }
        }
        if (headEnd >= 0 && length >= 0 && buffer.size() - headEnd - 4 >= length) {
            r.body = buffer.mid(headEnd + 4, length);
            break;
        }
        if (!waitFor(fd, POLLIN, remaining(t, timeoutMs))) {
            r.error = QStringLiteral("no complete answer within %1 ms").arg(timeoutMs);
            if (headEnd < 0)
                r.status = 0;
            break;
        }
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0) {
            r.closedByServer = true;
            if (headEnd >= 0 && length < 0)
                r.body = buffer.mid(headEnd + 4);
            else if (headEnd < 0)
                r.error = n == 0 ? QStringLiteral("closed without an answer")
                                 : QStringLiteral("reset: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            break;
        }
        buffer.append(chunk, n);
    }
    r.ms = double(t.nsecsElapsed()) / 1e6;
    return r;
}

bool RawHttp::waitForClose(int fd, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    char chunk[4096];
    for (;;) {
        if (!waitFor(fd, POLLIN, remaining(t, timeoutMs)))
            return false;
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            return true;
    }
}

QByteArray RawHttp::build(const QByteArray &method, const QByteArray &target, const QByteArray &token,
                          const QByteArray &body, const Headers &extra)
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        out += "Authorization: Bearer " + token + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        out += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto &h : extra)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

RawHttp::Reply RawHttp::request(quint16 port, const QByteArray &method, const QByteArray &target, const QByteArray &token,
                                const QByteArray &body, int timeoutMs, const QByteArray &source, const Headers &extra)
{
    QElapsedTimer t;
    t.start();
    Reply r;
    const int fd = connectTo(port, timeoutMs, source, &r.error);
    if (fd < 0) {
        r.ms = double(t.nsecsElapsed()) / 1e6;
        return r;
    }
    if (!sendAll(fd, build(method, target, token, body, extra), remaining(t, timeoutMs))) {
        r.error = QStringLiteral("cannot send the request");
    } else {
        r = readReply(fd, remaining(t, timeoutMs));
    }
    ::close(fd);
    r.ms = double(t.nsecsElapsed()) / 1e6;
    return r;
}

void RawHttp::closeFd(int fd)
{
    if (fd >= 0)
        ::close(fd);
}

} // namespace orrery::test
