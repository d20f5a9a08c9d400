#include "EngineIoSession.h"

#include "HubStats.h"

#include "core/Clock.h"
#include "events/MicroClock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QWebSocket>

Q_DECLARE_LOGGING_CATEGORY(lcRealtime)

namespace orrery {

EngineIoSession::EngineIoSession(std::unique_ptr<QWebSocket> socket, QString sid, const HubSettings &settings,
                                 Host *host, HubStats *stats, const Clock *clock, const MicroClock *microClock,
                                 QObject *parent)
    : QObject(parent), m_ws(std::move(socket)), m_sid(std::move(sid)), m_settings(settings), m_host(host),
      m_stats(stats), m_clock(clock), m_microClock(microClock),
      m_bucket(settings.inboundRatePerSecond, settings.inboundBurst, clock->nowMs())
{
    m_ws->setMaxAllowedIncomingMessageSize(quint64(m_settings.maxPayloadBytes)); // peer sees 1009
    connect(m_ws.get(), &QWebSocket::textMessageReceived, this, &EngineIoSession::onText);
    connect(m_ws.get(), &QWebSocket::binaryMessageReceived, this, &EngineIoSession::onBinary);
    // bytesWritten is only listened to while frames wait (watchWrites): a signal per socket write
    // costs the hot path when nobody is behind.
    // Queued: the host hears of a close from the event loop, never from inside a send/close.
    connect(m_ws.get(), &QWebSocket::disconnected, this, &EngineIoSession::onDisconnected, Qt::QueuedConnection);

    m_pingTimer.setSingleShot(true);
    m_pongTimer.setSingleShot(true);
    m_connectTimer.setSingleShot(true);
    connect(&m_pingTimer, &QTimer::timeout, this, &EngineIoSession::sendPing);
    connect(&m_pongTimer, &QTimer::timeout, this, [this] {
        ++m_stats->counters().pingTimeouts;
        closeTransport(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("ping timeout"));
    });
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        if (!m_everJoined)
            closeTransport(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("no namespace joined in time"));
    });
}

EngineIoSession::~EngineIoSession()
{
    abandon();
}

QString EngineIoSession::peer() const
{
    return QStringLiteral("%1:%2").arg(m_ws->peerAddress().toString()).arg(m_ws->peerPort());
}

QString EngineIoSession::peerAddress() const
{
    bool isV4 = false;
    const quint32 v4 = m_ws->peerAddress().toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : m_ws->peerAddress().toString();
}

qint64 EngineIoSession::bytesToWrite() const
{
    return m_ws->bytesToWrite();
}

void EngineIoSession::open()
{
    const QJsonObject handshake{{QStringLiteral("sid"), m_sid},
                                {QStringLiteral("upgrades"), QJsonArray()},
                                {QStringLiteral("pingInterval"), m_settings.pingIntervalMs},
                                {QStringLiteral("pingTimeout"), m_settings.pingTimeoutMs},
                                {QStringLiteral("maxPayload"), m_settings.maxPayloadBytes}};
    write(QStringLiteral("0") + QString::fromUtf8(QJsonDocument(handshake).toJson(QJsonDocument::Compact)));
    m_pingTimer.start(m_settings.pingIntervalMs);
    m_connectTimer.start(m_settings.connectTimeoutMs);
}

void EngineIoSession::sendPing()
{
    if (m_closed)
        return;
    write(QStringLiteral("2"));
    m_pongTimer.start(m_settings.pingTimeoutMs);
}

void EngineIoSession::write(const QString &message)
{
    m_ws->sendTextMessage(message);
    ++m_stats->counters().messagesOut;
}

void EngineIoSession::sendNow(const QString &message)
{
    if (!m_closed)
        write(message);
}

void EngineIoSession::sendEvent(const QString &frame, qint64 createdUs)
{
    if (m_closed)
        return;
    if (m_queue.empty() && !hasRoom())
        m_ws->flush(); // what is buffered may only be unflushed, not unsent: hand it to the kernel
    if (m_queue.empty() && hasRoom()) {
        write(frame);
        ++m_stats->counters().deliveries;
        if (createdUs > 0)
            m_stats->recordLatency(m_microClock->nowUs() - createdUs);
        return;
    }
    if (qsizetype(m_queue.size()) >= m_settings.outboundQueueFrames) {
        m_queue.pop_front();
        ++m_dropped;
        ++m_stats->counters().droppedSlow;
        if (m_droppingSinceMs == 0)
            m_droppingSinceMs = m_clock->nowMs();
    }
    m_queue.push_back(Queued{frame, createdUs});
    watchWrites(true);
}

void EngineIoSession::watchWrites(bool on)
{
    if (on == bool(m_writeWatch))
        return;
    if (on)
        m_writeWatch = connect(m_ws.get(), &QWebSocket::bytesWritten, this, &EngineIoSession::onBytesWritten);
    else
        disconnect(m_writeWatch);
}

void EngineIoSession::onBytesWritten()
{
    if (!m_queue.empty() || m_dropped > 0)
        flush();
}

bool EngineIoSession::hasRoom() const
{
    return m_ws->bytesToWrite() < m_settings.outboundHighWaterBytes;
}

void EngineIoSession::flush()
{
    while (!m_closed && !m_queue.empty() && hasRoom()) {
        if (m_dropped > 0)
            sendGaps();
        const Queued q = std::move(m_queue.front());
        m_queue.pop_front();
        write(q.frame);
        ++m_stats->counters().deliveries;
        if (q.createdUs > 0)
            m_stats->recordLatency(m_microClock->nowUs() - q.createdUs);
    }
    if (m_queue.empty()) {
        if (m_dropped > 0 && !m_closed)
            sendGaps();
        m_droppingSinceMs = 0;
        watchWrites(false);
    }
}

void EngineIoSession::sendGaps()
{
    const qint64 now = m_clock->nowMs();
    const QJsonObject gap{{QStringLiteral("reason"), QStringLiteral("slow_client")},
                          {QStringLiteral("missed"), double(m_dropped)},
                          {QStringLiteral("since"), m_droppingSinceMs ? m_droppingSinceMs : now},
                          {QStringLiteral("until"), now}};
    for (const auto &[nsp, s] : m_sockets) {
        write(SocketIoPacket::event(nsp, QStringLiteral("gap"), QJsonArray{gap}));
        ++m_stats->counters().gapsSent;
    }
    m_dropped = 0;
}

void EngineIoSession::closeTransport(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    m_pingTimer.stop();
    m_pongTimer.stop();
    m_connectTimer.stop();
    m_queue.clear();
    qCDebug(lcRealtime).noquote() << "closing session" << m_sid << peer() << int(code) << reason;
    m_ws->close(code, reason);
    // A peer that never answers the close handshake must not hold the session: if the socket
    // has not gone away within a few seconds, drop it.
    QTimer::singleShot(5000, this, [this] {
        if (!m_finished)
            m_ws->abort();
    });
}

void EngineIoSession::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    m_closed = true;
    m_pingTimer.stop();
    m_pongTimer.stop();
    m_connectTimer.stop();
    m_queue.clear();
    if (m_ws->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
        ++m_stats->counters().oversized; // QWebSocket closed it: a message above maxPayload
    if (m_host)
        m_host->onClosed(*this);
    deleteLater();
}

void EngineIoSession::abandon()
{
    if (m_finished)
        return;
    m_finished = true;
    m_closed = true;
    m_host = nullptr;
    m_ws->disconnect(this);
    if (m_ws->state() == QAbstractSocket::ConnectedState)
        m_ws->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
}

void EngineIoSession::protocolError(const QString &what)
{
    ++m_stats->counters().protocolErrors;
    closeTransport(QWebSocketProtocol::CloseCodeProtocolError, what.left(120));
}

void EngineIoSession::onBinary()
{
    ++m_stats->counters().messagesIn;
    protocolError(QStringLiteral("binary messages are not accepted"));
}

void EngineIoSession::onText(const QString &message)
{
    if (m_closed)
        return;
    ++m_stats->counters().messagesIn;
    if (message.isEmpty())
        return protocolError(QStringLiteral("empty message"));
    switch (message.at(0).unicode()) {
    case u'3': // pong
        m_pongTimer.stop();
        if (!m_pingTimer.isActive())
            m_pingTimer.start(m_settings.pingIntervalMs);
        return;
    case u'1': // close: the reference ignores it on a WebSocket
        return;
    case u'4':
        break;
    case u'2':
        return protocolError(QStringLiteral("invalid heartbeat direction"));
    default:
        return protocolError(QStringLiteral("unexpected Engine.IO packet type"));
    }
    auto decoded = SocketIoPacket::decode(QStringView(message).mid(1));
    if (!decoded.ok())
        return protocolError(decoded.error().message);
    SocketIoPacket packet = std::move(decoded).value();
    if (packet.type == SocketIoPacket::Type::BinaryEvent || packet.type == SocketIoPacket::Type::BinaryAck)
        return protocolError(QStringLiteral("binary packets are not accepted"));

    if (!m_bucket.tryTake(m_clock->nowMs())) {
        ++m_stats->counters().rateLimited;
        if (++m_refusedInRow >= m_settings.floodCloseAfter) {
            closeTransport(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("rate limit exceeded"));
            return;
        }
        if (packet.type == SocketIoPacket::Type::Event && packet.ackId >= 0 && socket(packet.nsp)) {
            const QJsonObject error{{QStringLiteral("code"), QStringLiteral("rate_limited")},
                                    {QStringLiteral("message"),
                                     QStringLiteral("Too many messages: at most %1 per second (bursts of %2).")
                                         .arg(m_settings.inboundRatePerSecond)
                                         .arg(m_settings.inboundBurst)}};
            write(SocketIoPacket::ack(packet.nsp, packet.ackId,
                                      QJsonArray{QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), error}}}));
        }
        return;
    }
    m_refusedInRow = 0;
    if (m_host)
        m_host->onPacket(*this, std::move(packet));
}

NamespaceSocket *EngineIoSession::socket(const QString &nsp) const
{
    const auto it = m_sockets.find(nsp);
    return it == m_sockets.end() ? nullptr : it->second.get();
}

NamespaceSocket *EngineIoSession::addSocket(std::unique_ptr<NamespaceSocket> socket)
{
    NamespaceSocket *raw = socket.get();
    m_sockets[socket->nsp] = std::move(socket);
    return raw;
}

std::unique_ptr<NamespaceSocket> EngineIoSession::removeSocket(const QString &nsp)
{
    auto it = m_sockets.find(nsp);
    if (it == m_sockets.end())
        return nullptr;
    std::unique_ptr<NamespaceSocket> s = std::move(it->second);
    m_sockets.erase(it);
    return s;
}

} // namespace orrery
