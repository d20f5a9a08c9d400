#pragma once

#include <QByteArray>
#include <QString>

namespace orrery::test {

// A minimal WebSocket client (RFC 6455: the upgrade, masked client frames, unfragmented server
// frames) on a plain socket, so attack code can choose its source address and write frames as
// fast as the kernel takes them. Enough for Engine.IO text packets, floods and oversized frames.
class RawWebSocket
{
public:
    struct Message
    {
        int opcode = -1;     // 1 text, 8 close, 9 ping; -1 nothing (timeout) or the connection ended
        QByteArray payload;
        int closeCode = 0;   // for a close frame
    };

    ~RawWebSocket();
    // Connects and upgrades `path` (e.g. "/socket.io/?EIO=4&transport=websocket"); false with a reason.
    bool open(quint16 port, const QByteArray &path, const QByteArray &source, QString *error);
    bool sendText(const QByteArray &payload, int timeoutMs = 5000);
    Message read(int timeoutMs);
    // Reads until a text message starting with `prefix` (answering Engine.IO pings), a close, or the timeout.
    Message readUntil(const QByteArray &prefix, int timeoutMs);
    void close();
    bool isOpen() const { return m_fd >= 0; }

private:
    bool fill(int timeoutMs);
    int m_fd = -1;
    QByteArray m_buffer;
};

} // namespace orrery::test
