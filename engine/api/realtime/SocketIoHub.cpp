#include "SocketIoHub.h"

#include "EventRouting.h"

#include "api/AuthThrottle.h"
#include "api/Principal.h"
#include "core/Clock.h"
#include "events/EventBus.h"
#include "events/MicroClock.h"

#include <QLoggingCategory>
#include <QSysInfo>
#include <QUrlQuery>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcRealtime, "orrery.realtime")

namespace orrery {

namespace {

constexpr int kMaxPendingAcks = 16;

} // namespace

SocketIoHub::SocketIoHub(HubSettings settings, const Authenticator *authenticator, EventBus *bus, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_authenticator(authenticator), m_bus(bus),
      m_clock(m_settings.clock ? m_settings.clock : SystemClock::instance()),
      m_microClock(m_settings.microClock ? m_settings.microClock : &bus->microClock()),
      m_random(m_settings.seed ? m_settings.seed : QRandomGenerator::system()->generate()),
      m_subscriptions(&m_rooms, m_settings.maxRoomsPerSocket)
{
    if (m_settings.instance.isEmpty())
        m_settings.instance = QSysInfo::machineHostName();
    EventQueue::Options options;
    options.name = QStringLiteral("socketio-hub");
    options.capacity = m_settings.busQueueCapacity;
    m_queue = m_bus->subscribe(options, [this] { postDrain(); });
    m_stats.setTimeline(m_settings.latencyTimeline);

    connect(&m_heartbeatTimer, &QTimer::timeout, this, &SocketIoHub::sendHeartbeats);
    m_heartbeatTimer.start(m_settings.heartbeatIntervalMs);
    connect(&m_tickTimer, &QTimer::timeout, this, &SocketIoHub::tick);
    m_tickTimer.start(1000);
    m_drainTimer.setSingleShot(true);
    m_drainTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_drainTimer, &QTimer::timeout, this, &SocketIoHub::drainNow);
}

SocketIoHub::~SocketIoHub()
{
    m_bus->unsubscribe(m_queue); // no wake-up can reach us after this
    const QSet<EngineIoSession *> sessions = m_sessions;
    m_sessions.clear();
    for (EngineIoSession *s : sessions) {
        s->abandon(); // server shutdown: just close (clients reconnect elsewhere or later)
        delete s;
    }
}

QString SocketIoHub::randomId()
{
    QByteArray bytes(15, Qt::Uninitialized);
    m_random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), 3);
    bytes[12] = char(m_random.generate());
    bytes[13] = char(m_random.generate());
    bytes[14] = char(m_random.generate());
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// ---------------------------------------------------------------- sessions

void SocketIoHub::accept(std::unique_ptr<QWebSocket> socket)
{
    const QUrlQuery query(socket->requestUrl());
    QString refusal;
    if (query.queryItemValue(QStringLiteral("transport")) != QLatin1String("websocket"))
        refusal = QStringLiteral("Transport unknown");
    else if (query.hasQueryItem(QStringLiteral("sid")))
        refusal = QStringLiteral("Session ID unknown");
    else if (query.queryItemValue(QStringLiteral("EIO")) != QLatin1String("4"))
        refusal = QStringLiteral("Unsupported protocol version: Engine.IO 4 (Socket.IO 3/4 clients) only");
    if (!refusal.isEmpty()) {
        ++m_stats.counters().protocolErrors;
        socket->close(QWebSocketProtocol::CloseCodeProtocolError, refusal);
        socket.release()->deleteLater();
        return;
    }
    if (int(m_sessions.size()) >= m_settings.maxConnections) {
        ++m_stats.counters().refusedConnections;
        // 1008 rather than 1013 "try again later": Qt 6.4 clients read 1013 as a protocol error.
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("server at its connection limit"));
        socket.release()->deleteLater();
        return;
    }
    auto *session = new EngineIoSession(std::move(socket), randomId(), m_settings, this, &m_stats, m_clock,
                                        m_microClock, this);
    m_sessions.insert(session);
    ++m_stats.counters().sessionsOpened;
    session->open();
}

void SocketIoHub::onClosed(EngineIoSession &session)
{
    for (const auto &[nsp, socket] : session.sockets())
        m_rooms.removeSocket(socket.get());
    m_sessions.remove(&session);
}

void SocketIoHub::onPacket(EngineIoSession &session, SocketIoPacket &&packet)
{
    using Type = SocketIoPacket::Type;
    if (packet.type == Type::Connect)
        return handleConnect(session, packet);
    NamespaceSocket *socket = session.socket(packet.nsp);
    if (!socket || packet.type == Type::ConnectError) {
        ++m_stats.counters().protocolErrors;
        session.closeTransport(QWebSocketProtocol::CloseCodeProtocolError,
                               socket ? QStringLiteral("CONNECT_ERROR is server-only")
                                      : QStringLiteral("namespace %1 not joined").arg(packet.nsp));
        return;
    }
    switch (packet.type) {
    case Type::Event:
        handleEvent(session, *socket, packet);
        break;
    case Type::Ack:
        handleAck(*socket, packet);
        break;
    case Type::Disconnect:
        leave(session, packet.nsp);
        break;
    default:
        break;
    }
}

void SocketIoHub::handleConnect(EngineIoSession &session, const SocketIoPacket &packet)
{
    const QString &nsp = packet.nsp;
    if (session.socket(nsp)) {
        ++m_stats.counters().protocolErrors;
        session.closeTransport(QWebSocketProtocol::CloseCodeProtocolError, QStringLiteral("duplicate CONNECT"));
        return;
    }
    if (!EventRouting::namespaces().contains(nsp)) {
        session.sendNow(SocketIoPacket::connectError(nsp, QStringLiteral("Invalid namespace")));
        return;
    }
    QString token = packet.data.toObject().value(QLatin1String("token")).toString().trimmed();
    if (token.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive))
        token = token.mid(7).trimmed();
    const QString address = session.peerAddress();
    if (m_throttle) {
        if (const qint64 blocked = m_throttle->blockedFor(address, m_clock->nowMs()); blocked > 0) {
            ++m_stats.counters().authFailures;
            session.sendNow(SocketIoPacket::connectError(
                nsp,
                QStringLiteral("Too many failed authentications from %1; try again in %2 s with a valid token.")
                    .arg(address).arg(qMax<qint64>(1, (blocked + 999) / 1000)),
                QJsonObject{{QStringLiteral("code"), QStringLiteral("throttled")},
                            {QStringLiteral("reason"), QStringLiteral("too many failed authentications")}}));
            return;
        }
    }
    std::optional<Principal> principal;
    if (!token.isEmpty() && m_authenticator)
        principal = m_authenticator->authenticate(token.toUtf8());
    if (m_throttle && !token.isEmpty()) {
        if (principal)
            m_throttle->succeeded(address);
        else
            m_throttle->failed(address, m_clock->nowMs());
    }
    if (!principal) {
        ++m_stats.counters().authFailures;
        const bool missing = token.isEmpty();
        session.sendNow(SocketIoPacket::connectError(
            nsp,
            missing ? QStringLiteral("Authentication required: send your API token in the CONNECT auth object, "
                                     "e.g. io(url + '%1', {auth: {token: '<token>'}}).")
                          .arg(nsp)
                    : QStringLiteral("The token in auth.token is not valid (unknown or revoked)."),
            QJsonObject{{QStringLiteral("code"), QStringLiteral("unauthorized")},
                        {QStringLiteral("reason"), missing ? QStringLiteral("missing token") : QStringLiteral("invalid token")}}));
        return;
    }
    if (nsp == EventRouting::kAdmin && principal->role != Role::Admin) {
        ++m_stats.counters().authFailures;
        session.sendNow(SocketIoPacket::connectError(
            nsp,
            QStringLiteral("Token '%1' has role %2; namespace /admin needs role admin.")
                .arg(principal->name, roleName(principal->role)),
            QJsonObject{{QStringLiteral("code"), QStringLiteral("forbidden")},
                        {QStringLiteral("reason"), QStringLiteral("admin role required")}}));
        return;
    }
    auto socket = std::make_unique<NamespaceSocket>();
    socket->id = randomId();
    socket->nsp = nsp;
    socket->session = &session;
    socket->principal = *principal;
    NamespaceSocket *s = session.addSocket(std::move(socket));
    m_rooms.addSocket(s);
    m_rooms.join(s, EventRouting::userRoom(principal->name));
    session.markJoined();
    session.sendNow(SocketIoPacket::connectReply(nsp, s->id));
}

void SocketIoHub::leave(EngineIoSession &session, const QString &nsp)
{
    if (NamespaceSocket *s = session.socket(nsp))
        m_rooms.removeSocket(s);
    session.removeSocket(nsp);
}

void SocketIoHub::handleEvent(EngineIoSession &session, NamespaceSocket &socket, const SocketIoPacket &packet)
{
    const QString name = packet.eventName();
    if (!SubscriptionHandler::handles(name)) {
        if (packet.ackId >= 0) {
            const QJsonObject error{{QStringLiteral("code"), QStringLiteral("unknown_event")},
                                    {QStringLiteral("message"),
                                     QStringLiteral("Unknown event '%1'; the hub understands subscribe_to_project, "
                                                    "unsubscribe_from_project and get_subscriptions.")
                                         .arg(name)}};
            session.sendNow(SocketIoPacket::ack(socket.nsp, packet.ackId,
                                                QJsonArray{QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), error}}}));
        }
        return;
    }
    const SubscriptionHandler::Outcome out = m_subscriptions.handle(socket, name, packet.eventArgs());
    if (packet.ackId >= 0)
        session.sendNow(SocketIoPacket::ack(socket.nsp, packet.ackId, QJsonArray{out.ack}));
    if (!out.event.isEmpty())
        session.sendNow(SocketIoPacket::event(socket.nsp, out.event, QJsonArray{out.eventPayload}));
}

void SocketIoHub::handleAck(NamespaceSocket &socket, const SocketIoPacket &packet)
{
    const auto it = socket.pendingAcks.find(packet.ackId);
    if (it == socket.pendingAcks.end())
        return; // unknown or expired: ignored, as the reference does
    m_stats.recordHeartbeatRtt(m_microClock->nowUs() - it.value());
    socket.pendingAcks.erase(it);
}

// ---------------------------------------------------------------- events

void SocketIoHub::postDrain()
{
    QMetaObject::invokeMethod(this, &SocketIoHub::drain, Qt::QueuedConnection);
}

void SocketIoHub::drain()
{
    const qint64 startUs = m_microClock->nowUs();
    const qint64 sinceLast = startUs - m_lastDrainUs;
    if (m_settings.drainIntervalUs > 0 && sinceLast >= 0 && sinceLast < m_settings.drainIntervalUs) {
        // Drained a moment ago: let a few more events gather (the queue's wake-up stays
        // outstanding until we take, so no further posts arrive meanwhile).
        if (!m_drainTimer.isActive())
            m_drainTimer.start(int((m_settings.drainIntervalUs - sinceLast + 999) / 1000));
        return;
    }
    drainNow();
}

void SocketIoHub::drainNow()
{
    const qint64 startUs = m_microClock->nowUs();
    m_lastDrainUs = startUs;
    int handled = 0;
    for (;;) {
        EventQueue::Batch batch = m_queue->take(64);
        if (batch.dropped > 0) {
            // The hub itself fell behind: every client may have missed something.
            m_stats.counters().droppedHub += batch.dropped;
            const QJsonObject gap{{QStringLiteral("reason"), QStringLiteral("server_overloaded")},
                                  {QStringLiteral("missed"), double(batch.dropped)},
                                  {QStringLiteral("since"), batch.firstDroppedMs},
                                  {QStringLiteral("until"), batch.lastDroppedMs}};
            deliver(*Event::create(EventType::Gap, QString(), m_clock->nowMs(), gap, 0));
        }
        for (const EventPtr &e : batch.events)
            deliver(*e);
        m_stats.counters().eventsIn += batch.events.size();
        handled += int(batch.events.size());
        if (!batch.more)
            return;
        if (handled >= m_settings.drainBatch || m_microClock->nowUs() - startUs >= m_settings.drainBudgetUs) {
            postDrain(); // let pings, timers and sockets run first
            return;
        }
    }
}

void SocketIoHub::deliver(const Event &event)
{
    for (const RouteTarget &target : EventRouting::targets(event)) {
        QString frame; // built on the first recipient, then shared by all
        const quint64 epoch = ++m_epoch;
        auto send = [&](NamespaceSocket *s) {
            if (s->epoch == epoch)
                return;
            s->epoch = epoch;
            if (frame.isNull())
                frame = SocketIoPacket::eventWithRawArg(target.nsp, event.name(), event.wireJson());
            s->session->sendEvent(frame, event.createdUs());
        };
        if (target.everyone) {
            for (NamespaceSocket *s : m_rooms.everyone(target.nsp))
                send(s);
            continue;
        }
        for (const QString &room : target.rooms)
            if (const RoomRegistry::Members *members = m_rooms.members(target.nsp, room))
                for (NamespaceSocket *s : *members)
                    send(s);
    }
}

void SocketIoHub::sendHeartbeats()
{
    const qint64 nowUs = m_microClock->nowUs();
    const QJsonObject payload{{QStringLiteral("time"), m_clock->nowMs()},
                              {QStringLiteral("instance"), m_settings.instance},
                              {QStringLiteral("connections"), int(m_sessions.size())}};
    for (EngineIoSession *session : std::as_const(m_sessions)) {
        for (const auto &[nsp, socket] : session->sockets()) {
            if (socket->pendingAcks.size() >= kMaxPendingAcks)
                socket->pendingAcks.clear(); // a client that never acks: forget, keep it bounded
            const qint64 id = socket->nextAckId++;
            socket->pendingAcks.insert(id, nowUs);
            session->sendNow(SocketIoPacket::event(nsp, QStringLiteral("heartbeat"), QJsonArray{payload}, id));
        }
    }
}

void SocketIoHub::tick()
{
    m_stats.tick();
    const qint64 now = m_clock->nowMs();
    m_stats.publishLatency(now);
    const QSet<EngineIoSession *> sessions = m_sessions;
    for (EngineIoSession *session : sessions) {
        const qint64 since = session->droppingSinceMs();
        if (since != 0 && now - since >= m_settings.slowClientGraceMs && !session->isClosed()) {
            ++m_stats.counters().slowDisconnects;
            qCInfo(lcRealtime).noquote() << "disconnecting slow client" << session->peer() << "behind since"
                                         << (now - since) << "ms";
            // Transport close without DISCONNECT: the client reconnects and starts afresh.
            session->closeTransport(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("client too slow"));
        }
    }
}

QJsonObject SocketIoHub::stats(const std::optional<Principal> &viewer) const
{
    QJsonObject perNamespace;
    for (const QString &nsp : EventRouting::namespaces())
        perNamespace.insert(nsp, m_rooms.socketCount(nsp));
    int behind = 0, dropping = 0;
    for (const EngineIoSession *s : m_sessions) {
        behind += s->queuedFrames() > 0 ? 1 : 0;
        dropping += s->droppingSinceMs() != 0 ? 1 : 0;
    }
    const bool restricted = viewer && !viewer->projects.isEmpty();
    QJsonArray rooms;
    bool truncated = false;
    for (const RoomRegistry::RoomInfo &r : m_rooms.rooms()) {
        if (restricted) {
            const bool own = r.room == EventRouting::userRoom(viewer->name);
            const bool project = r.room.startsWith(QLatin1String("project_")) && viewer->projects.contains(r.room.mid(8));
            if (!own && !project)
                continue;
        }
        if (rooms.size() >= 1000) {
            truncated = true;
            break;
        }
        rooms.append(QJsonObject{{QStringLiteral("namespace"), r.nsp}, {QStringLiteral("room"), r.room}, {QStringLiteral("size"), r.size}});
    }
    QJsonObject o = m_stats.toJson();
    o.insert(QStringLiteral("instance"), m_settings.instance);
    o.insert(QStringLiteral("connections"),
             QJsonObject{{QStringLiteral("sessions"), int(m_sessions.size())}, {QStringLiteral("namespaces"), perNamespace}});
    o.insert(QStringLiteral("rooms"), rooms);
    if (truncated)
        o.insert(QStringLiteral("roomsTruncated"), true);
    QJsonObject slow{{QStringLiteral("behind"), behind},
                     {QStringLiteral("dropping"), dropping},
                     {QStringLiteral("disconnected"), double(m_stats.counters().slowDisconnects)}};
    o.insert(QStringLiteral("slowClients"), slow);
    const EventQueue::Stats q = m_queue->stats();
    o.insert(QStringLiteral("hubQueue"), QJsonObject{{QStringLiteral("size"), q.size},
                                                     {QStringLiteral("capacity"), q.capacity},
                                                     {QStringLiteral("highWater"), q.highWater},
                                                     {QStringLiteral("dropped"), double(q.dropped)}});
    o.insert(QStringLiteral("limits"),
             QJsonObject{{QStringLiteral("maxConnections"), m_settings.maxConnections},
                         {QStringLiteral("maxPayloadBytes"), m_settings.maxPayloadBytes},
                         {QStringLiteral("inboundRatePerSecond"), m_settings.inboundRatePerSecond},
                         {QStringLiteral("inboundBurst"), m_settings.inboundBurst},
                         {QStringLiteral("outboundQueueFrames"), m_settings.outboundQueueFrames},
                         {QStringLiteral("outboundHighWaterBytes"), double(m_settings.outboundHighWaterBytes)},
                         {QStringLiteral("slowClientGraceMs"), m_settings.slowClientGraceMs},
                         {QStringLiteral("pingIntervalMs"), m_settings.pingIntervalMs},
                         {QStringLiteral("pingTimeoutMs"), m_settings.pingTimeoutMs},
                         {QStringLiteral("heartbeatIntervalMs"), m_settings.heartbeatIntervalMs}});
    return o;
}

} // namespace orrery
