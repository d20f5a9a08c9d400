#include "RawWebSocket.h"

#include "RawHttp.h"
#include "support/WebSocketFrame.h"

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>

namespace orrery::test {

RawWebSocket::~RawWebSocket()
{
    close();
}

void RawWebSocket::close()
{
    RawHttp::closeFd(m_fd);
    m_fd = -1;
}

bool RawWebSocket::open(quint16 port, const QByteArray &path, const QByteArray &source, QString *error)
{
    m_fd = RawHttp::connectTo(port, 5000, source, error);
    if (m_fd < 0)
        return false;
    const QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    if (!RawHttp::sendAll(m_fd, request, 5000)) {
        *error = QStringLiteral("cannot send the upgrade");
        close();
        return false;
    }
    QElapsedTimer t;
    t.start();
    while (m_buffer.indexOf("\r\n\r\n") < 0) {
        if (t.elapsed() > 5000 || !fill(int(5000 - t.elapsed()))) {
            *error = QStringLiteral("no upgrade answer: %1").arg(QString::fromLatin1(m_buffer.left(200)));
            close();
            return false;
        }
    }
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    const QByteArray head = m_buffer.left(end);
    m_buffer.remove(0, end + 4);
    if (!head.startsWith("HTTP/1.1 101")) {
        *error = QStringLiteral("upgrade refused: %1").arg(QString::fromLatin1(head.left(200)));
        close();
        return false;
    }
    return true;
}

bool RawWebSocket::fill(int timeoutMs)
{
    if (m_fd < 0)
        return false;
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, qMax(0, timeoutMs)) <= 0)
        return false;
    char chunk[65536];
    const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
        close();
        return false;
    }
    m_buffer.append(chunk, n);
    return true;
}

bool RawWebSocket::sendText(const QByteArray &payload, int timeoutMs)
{
    if (m_fd < 0)
        return false;
    const QByteArray frame = clientTextFrame(payload, QRandomGenerator::global()->generate());
    return RawHttp::sendAll(m_fd, frame, timeoutMs);
}

RawWebSocket::Message RawWebSocket::read(int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    for (;;) {
        if (m_buffer.size() >= 2) {
            const int opcode = quint8(m_buffer[0]) & 0x0f;
            quint64 len = quint8(m_buffer[1]) & 0x7f;
            qsizetype header = 2;
            if (len == 126 && m_buffer.size() >= 4) {
                len = (quint64(quint8(m_buffer[2])) << 8) | quint8(m_buffer[3]);
                header = 4;
            } else if (len == 127 && m_buffer.size() >= 10) {
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | quint8(m_buffer[2 + i]);
                header = 10;
            } else if (len >= 126) {
                header = -1; // the length is not all here yet
            }
            if (header > 0 && quint64(m_buffer.size()) >= quint64(header) + len) {
                Message m;
                m.opcode = opcode;
                m.payload = m_buffer.mid(header, qsizetype(len));
                m_buffer.remove(0, header + qsizetype(len));
                if (opcode == 8 && m.payload.size() >= 2)
                    m.closeCode = (quint8(m.payload[0]) << 8) | quint8(m.payload[1]);
                return m;
            }
        }
        if (!fill(int(timeoutMs - t.elapsed())))
            return {};
    }
}

RawWebSocket::Message RawWebSocket::readUntil(const QByteArray &prefix, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        Message m = read(int(timeoutMs - t.elapsed()));
        if (m.opcode == -1 || m.opcode == 8)
            return m;
        if (m.opcode == 1 && m.payload == "2") {
            sendText("3"); // Engine.IO ping from the server
            continue;
        }
        if (m.opcode == 1 && m.payload.startsWith(prefix))
            return m;
    }
    return {};
}

} // namespace orrery::test
