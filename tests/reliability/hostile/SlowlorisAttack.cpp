#include "SlowlorisAttack.h"

#include "RawHttp.h"

#include <QElapsedTimer>
#include <QList>

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <thread>

namespace orrery::test {

SlowlorisAttack::Figures SlowlorisAttack::run(quint16 port, int connections, int durationMs)
{
    // Headers that never end: after the request line, an endless header value.
    static const QByteArray drip = "GET /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    struct Conn
    {
        int fd = -1;
        int sent = 0;
        bool closed = false;
        QByteArray got;
    };
    Figures f;
    f.connections = connections;
    QList<Conn> conns;
    for (int i = 0; i < connections; ++i) {
        const int fd = RawHttp::connectTo(port, 5000, {}, f.openError.isEmpty() ? &f.openError : nullptr);
        if (fd >= 0)
            conns.append(Conn{fd, 0, false, {}});
    }
    f.opened = int(conns.size());
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < durationMs) {
        int open = 0;
        for (Conn &c : conns) {
            if (c.closed)
                continue;
            // Anything from the server (an answer, EOF, a reset) first.
            pollfd p{c.fd, POLLIN, 0};
            while (::poll(&p, 1, 0) > 0) {
                char buf[1024];
                const ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
                if (n > 0) {
                    c.got.append(buf, n);
                    continue;
                }
                if (n < 0 && (errno == EAGAIN || errno == EINTR))
                    break;
                c.closed = true;
                break;
            }
            if (!c.closed) {
                const char byte = c.sent < drip.size() ? drip[c.sent] : 'a';
                if (::send(c.fd, &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) {
                    ++c.sent;
                    ++f.bytesSent;
                } else if (errno != EAGAIN) {
                    c.closed = true;
                }
            }
            if (c.closed) {
                ++f.closedByServer;
                if (c.got.startsWith("HTTP/1.1 408"))
                    ++f.got408;
                const double s = double(t.elapsed()) / 1000.0;
                if (f.firstCloseSeconds < 0)
                    f.firstCloseSeconds = s;
                f.lastCloseSeconds = s;
                RawHttp::closeFd(c.fd);
            } else {
                ++open;
            }
        }
        if (open == 0)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    }
    for (Conn &c : conns) {
        if (!c.closed) {
            ++f.stillOpen;
            RawHttp::closeFd(c.fd);
        }
    }
    return f;
}

} // namespace orrery::test
