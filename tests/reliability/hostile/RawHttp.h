#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace orrery::test {

// A blocking HTTP/1.1 client on plain POSIX sockets with a deadline on every step, for attack
// and probe code that must not depend on an event loop (it runs on plain threads, opens
// thousands of sockets, and picks its source address on 127.0.0.0/8 so that one test process
// can look like many clients to the server's per-address throttle).
class RawHttp
{
public:
    struct Reply
    {
        int status = 0;       // 0: no answer (see error)
        QByteArray head;      // status line and headers
        QByteArray body;
        double ms = 0;        // from connect to the last byte
        QString error;
        bool closedByServer = false; // the server closed the connection after (or without) answering
        QByteArray header(const QByteArray &name) const;
    };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // A connected TCP socket to 127.0.0.1:port (from `source`, e.g. "127.0.0.7", if given), or -1.
    static int connectTo(quint16 port, int timeoutMs, const QByteArray &source = {}, QString *error = nullptr);
    // Sends all of `bytes`; false on error or timeout.
    static bool sendAll(int fd, const QByteArray &bytes, int timeoutMs);
    // Reads one response from `fd` (Content-Length framing, or until the server closes).
    static Reply readReply(int fd, int timeoutMs);
    // True when the server closed `fd` (EOF or reset) within timeoutMs; unread data is discarded.
    static bool waitForClose(int fd, int timeoutMs);

    // One request on a fresh connection, closed afterwards.
    static Reply request(quint16 port, const QByteArray &method, const QByteArray &target, const QByteArray &token,
                         const QByteArray &body = {}, int timeoutMs = 10000, const QByteArray &source = {},
                         const Headers &extra = {});
    static QByteArray build(const QByteArray &method, const QByteArray &target, const QByteArray &token,
                            const QByteArray &body = {}, const Headers &extra = {});
    static void closeFd(int fd);
};

} // namespace orrery::test
