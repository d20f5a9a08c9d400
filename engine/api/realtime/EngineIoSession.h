#pragma once

#include "HubSettings.h"
#include "NamespaceSocket.h"
#include "SocketIoPacket.h"
#include "TokenBucket.h"

#include <QObject>
#include <QTimer>
#include <QWebSocketProtocol>
#include <deque>
#include <map>
#include <memory>

class QWebSocket;

namespace orrery {

class Clock;
class HubStats;
class MicroClock;

// One Engine.IO v4 session over one WebSocket (shared/specs/socketio.md §3, §4): the open
// packet, the server-driven ping/pong, the connect timeout, message size and rate limits,
// Socket.IO packet decoding, and outbound flow control.
//
// Outbound: control frames (CONNECT replies, acks, pings, direct events) are written at once.
// Broadcast event frames go through flow control: while the socket has more than
// outboundHighWaterBytes unsent, they wait in a queue of outboundQueueFrames; a full queue drops
// its oldest frame. When the client catches up it first gets a `gap` event on each of its
// namespaces telling how many it missed. The hub disconnects sessions that stay behind.
//
// Any protocol violation closes the WebSocket (as the reference server does). Closing is
// always completed asynchronously: Host::onClosed() runs from the event loop, never from inside
// a send or a close call, so the hub may close sessions while iterating over them.
class EngineIoSession : public QObject
{
    Q_OBJECT

public:
    class Host
    {
    public:
        virtual ~Host() = default;
        virtual void onPacket(EngineIoSession &session, SocketIoPacket &&packet) = 0;
        // The session is closed and about to be deleted (deleteLater): forget it.
        virtual void onClosed(EngineIoSession &session) = 0;
    };

    EngineIoSession(std::unique_ptr<QWebSocket> socket, QString sid, const HubSettings &settings, Host *host,
                    HubStats *stats, const Clock *clock, const MicroClock *microClock, QObject *parent = nullptr);
    ~EngineIoSession() override;

    // Sends the open packet and arms the heartbeat and the connect timeout.
    void open();

    const QString &sid() const { return m_sid; }
    QString peer() const;
    // The client's address as the HTTP layer names it (IPv4 unwrapped): the throttle's key.
    QString peerAddress() const;

    void sendNow(const QString &message);
    void sendEvent(const QString &frame, qint64 createdUs);
    // Closes the WebSocket; onClosed() follows from the event loop.
    void closeTransport(QWebSocketProtocol::CloseCode code, const QString &reason);
    bool isClosed() const { return m_closed; }

    // Flow control state.
    qsizetype queuedFrames() const { return qsizetype(m_queue.size()); }
    qint64 droppingSinceMs() const { return m_droppingSinceMs; } // 0 = not dropping
    qint64 bytesToWrite() const;

    // Namespace sockets of this session.
    NamespaceSocket *socket(const QString &nsp) const;
    NamespaceSocket *addSocket(std::unique_ptr<NamespaceSocket> socket);
    std::unique_ptr<NamespaceSocket> removeSocket(const QString &nsp);
    const std::map<QString, std::unique_ptr<NamespaceSocket>> &sockets() const { return m_sockets; }

    // The hub accepted a namespace: the connect timeout no longer applies.
    void markJoined() { m_everJoined = true; }

    // Ends the session at once without telling the host (the hub is going away).
    void abandon();

private:
    void onText(const QString &message);
    void onBinary();
    void onBytesWritten();
    void onDisconnected();
    void protocolError(const QString &what);
    void write(const QString &message);
    bool hasRoom() const; // the socket's unsent bytes are below the high-water mark
    void flush();
    void watchWrites(bool on);
    void sendGaps();
    void sendPing();

    std::unique_ptr<QWebSocket> m_ws;
    QString m_sid;
    const HubSettings &m_settings;
    Host *m_host;
    HubStats *m_stats;
    const Clock *m_clock;
    const MicroClock *m_microClock;
    TokenBucket m_bucket;
    int m_refusedInRow = 0;
    QTimer m_pingTimer;
    QTimer m_pongTimer;
    QTimer m_connectTimer;
    bool m_closed = false;
    bool m_finished = false;
    bool m_everJoined = false;

    struct Queued
    {
        QString frame;
        qint64 createdUs;
    };
    std::deque<Queued> m_queue;
    QMetaObject::Connection m_writeWatch;
    quint64 m_dropped = 0;        // since the last gap
    qint64 m_droppingSinceMs = 0;

    std::map<QString, std::unique_ptr<NamespaceSocket>> m_sockets;
};

} // namespace orrery
