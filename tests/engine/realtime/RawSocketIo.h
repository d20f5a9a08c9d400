#pragma once

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>

namespace orrery::test {

// A bare WebSocket client that speaks Engine.IO/Socket.IO frames as the test writes them, for
// checking the hub's wire behaviour frame by frame (shared/specs/socketio.md).
class RawSocketIo : public QObject
{
    Q_OBJECT

public:
    explicit RawSocketIo(QObject *parent = nullptr);

    // Connects and returns the first message (the open packet), or empty on failure.
    QString open(const QUrl &url, int timeoutMs = 5000);
    void send(const QString &message) { m_ws.sendTextMessage(message); }
    void sendBinary(const QByteArray &data) { m_ws.sendBinaryMessage(data); }
    // The next message, skipping pings if autoPong (which answers them), or empty on timeout.
    QString next(int timeoutMs = 5000);
    // The next message starting with `prefix`; messages before it are discarded.
    QString nextStartingWith(const QString &prefix, int timeoutMs = 5000);
    // Collects messages for `ms`.
    QStringList drain(int ms);
    bool waitClosed(int timeoutMs = 5000);
    bool isClosed() const { return m_closed; }
    int closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_ws.closeReason(); }
    void setAutoPong(bool on) { m_autoPong = on; }
    int pingsSeen() const { return m_pings; }
    QWebSocket &socket() { return m_ws; }

private:
    QWebSocket m_ws;
    QStringList m_inbox;
    bool m_closed = false;
    int m_closeCode = -1;
    bool m_autoPong = true;
    int m_pings = 0;
};

} // namespace orrery::test
