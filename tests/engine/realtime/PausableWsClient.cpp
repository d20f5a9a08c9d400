#include "PausableWsClient.h"

#include "support/WebSocketFrame.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

namespace orrery::test {

PausableWsClient::PausableWsClient(QObject *parent) : QObject(parent)
{
    // Qt must not buffer without limit on our behalf: once 4 KiB wait unread, it stops reading
    // from the kernel and the TCP window closes.
    m_socket.setReadBufferSize(4096);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
}

void PausableWsClient::pause()
{
    m_paused = true;
    m_socket.setReadBufferSize(4096);
}

void PausableWsClient::resume()
{
    m_paused = false;
    m_socket.setReadBufferSize(0); // read as fast as it comes
}

QString PausableWsClient::open(quint16 port, int timeoutMs)
{
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!m_socket.waitForConnected(timeoutMs))
        return {};
    m_socket.write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                   "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    const QDeadlineTimer deadline(timeoutMs);
    while (!m_buffer.contains("\r\n\r\n") && !deadline.hasExpired()) {
        m_socket.waitForReadyRead(50);
        m_buffer += m_socket.readAll();
    }
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0 || !m_buffer.startsWith("HTTP/1.1 101"))
        return {};
    m_buffer.remove(0, end + 4);
    const QStringList first = readUntil(QStringLiteral("0{"), timeoutMs);
    return first.isEmpty() ? QString() : first.last();
}

void PausableWsClient::sendText(const QString &text)
{
    const QByteArray payload = text.toUtf8();
    const QByteArray frame = clientTextFrame(payload, 0x11223344);
    m_socket.write(frame);
    m_socket.flush();
}

bool PausableWsClient::decodeOne(QString *text)
{
    if (m_buffer.size() < 2)
        return false;
    const quint8 b0 = quint8(m_buffer[0]);
    quint64 len = quint8(m_buffer[1]) & 0x7f;
    qsizetype header = 2;
    if (len == 126) {
        if (m_buffer.size() < 4)
            return false;
        len = (quint64(quint8(m_buffer[2])) << 8) | quint8(m_buffer[3]);
        header = 4;
    } else if (len == 127) {
        if (m_buffer.size() < 10)
            return false;
        len = 0;
        for (int i = 0; i < 8; ++i)
            len = (len << 8) | quint8(m_buffer[2 + i]);
        header = 10;
    }
    if (quint64(m_buffer.size()) < header + len)
        return false;
    const QByteArray payload = m_buffer.mid(header, qsizetype(len));
    m_buffer.remove(0, header + qsizetype(len));
    const int opcode = b0 & 0x0f;
    if (opcode == 0x8)
        m_closed = true;
    *text = opcode == 0x1 ? QString::fromUtf8(payload) : QString();
    return true;
}

void PausableWsClient::pump()
{
    if (m_paused)
        return;
    m_buffer += m_socket.readAll();
    QString text;
    while (decodeOne(&text)) {
        if (text == QLatin1String("2"))
            sendText(QStringLiteral("3"));
        else if (!text.isNull())
            m_messages.append(text);
    }
}

QStringList PausableWsClient::read(int ms)
{
    const QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        step();
    QStringList out = m_messages;
    m_messages.clear();
    return out;
}

void PausableWsClient::step()
{
    QCoreApplication::processEvents(); // the other clients of the test live on this thread too
    if (m_paused || m_closed) {
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
        return;
    }
    m_socket.waitForReadyRead(2);
    pump();
}

QStringList PausableWsClient::readUntil(const QString &prefix, int timeoutMs)
{
    QStringList out;
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        step();
        while (!m_messages.isEmpty()) {
            out.append(m_messages.takeFirst());
            if (out.last().startsWith(prefix))
                return out;
        }
    }
    return out;
}

} // namespace orrery::test
