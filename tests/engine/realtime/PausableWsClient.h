#pragma once

#include <QByteArray>
#include <QObject>
#include <QStringList>
#include <QTcpSocket>

namespace orrery::test {

// A WebSocket client written on a plain QTcpSocket whose reading can be paused: while paused
// it reads nothing, so its receive window closes and the server's writes back up, which is
// what a slow consumer (a phone on a bad network, a stalled browser tab) looks like to the hub.
// Speaks just enough RFC 6455 for text frames (client frames masked, as required).
class PausableWsClient : public QObject
{
    Q_OBJECT

public:
    explicit PausableWsClient(QObject *parent = nullptr);

    // Upgrades GET /socket.io/?EIO=4&transport=websocket; returns the open packet or empty.
    QString open(quint16 port, int timeoutMs = 5000);
    void sendText(const QString &text);
    void pause();
    void resume();
    // Reads and decodes frames for up to `ms` (answers Engine.IO pings), returns text messages.
    QStringList read(int ms);
    // Messages until one starts with `prefix` (included), or all read within the timeout.
    QStringList readUntil(const QString &prefix, int timeoutMs);
    bool isClosed() const { return m_closed; }

private:
    void pump();
    void step();
    bool decodeOne(QString *text);

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QStringList m_messages;
    bool m_paused = false;
    bool m_closed = false;
};

} // namespace orrery::test
