#pragma once

#include "EngineIoSession.h"
#include "HubSettings.h"
#include "HubStats.h"
#include "RoomRegistry.h"
#include "SubscriptionHandler.h"

#include "events/EventQueue.h"

#include <QJsonObject>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>
#include <memory>
#include <optional>

class QWebSocket;

namespace orrery {

class AuthThrottle;
class Authenticator;
class Clock;
class Event;
class EventBus;
class MicroClock;
struct Principal;

// The Socket.IO v5 hub (docs/realtime.md; wire contract shared/specs/socketio.md): namespaces
// /tasks, /profiling and /admin with token authentication in the CONNECT payload, rooms
// project_<id> and user_<name>, client events (SubscriptionHandler), acknowledgements both
// ways, an application heartbeat, and delivery of the EventBus's events by EventRouting.
//
// Hot path: an event is taken from the hub's own bounded bus queue, its Socket.IO frame is built
// once per namespace (and only if someone will receive it), and that same frame is handed to
// every socket of its rooms; per-session flow control keeps a slow client from holding up the
// rest. Work is done in bounded steps so pings and timers run on time under load.
//
// Lives on, and must only be used from, the API server thread (where its WebSockets live).
class SocketIoHub : public QObject, private EngineIoSession::Host
{
    Q_OBJECT

public:
    // The authenticator and the bus are not owned and must outlive the hub.
    SocketIoHub(HubSettings settings, const Authenticator *authenticator, EventBus *bus, QObject *parent = nullptr);
    ~SocketIoHub() override;

    // Failed CONNECT authentications count against the same per-address throttle as the HTTP
    // routes (a blocked address is refused before its token is looked at). nullptr = none.
    void setAuthThrottle(std::shared_ptr<AuthThrottle> throttle) { m_throttle = std::move(throttle); }

    // Takes an upgraded WebSocket for /socket.io/.
    void accept(std::unique_ptr<QWebSocket> socket);

    // Stats for GET /api/websocket/stats; rooms are limited to what `viewer` may see.
    QJsonObject stats(const std::optional<Principal> &viewer) const;

    int sessionCount() const { return int(m_sessions.size()); }
    const HubStats &hubStats() const { return m_stats; }
    const HubSettings &settings() const { return m_settings; }

private:
    void onPacket(EngineIoSession &session, SocketIoPacket &&packet) override;
    void onClosed(EngineIoSession &session) override;

    void handleConnect(EngineIoSession &session, const SocketIoPacket &packet);
    void handleEvent(EngineIoSession &session, NamespaceSocket &socket, const SocketIoPacket &packet);
    void handleAck(NamespaceSocket &socket, const SocketIoPacket &packet);
    void leave(EngineIoSession &session, const QString &nsp);

    void postDrain();
    void drain();    // paced by drainIntervalUs
    void drainNow();
    void deliver(const Event &event);
    void sendHeartbeats();
    void tick();
    QString randomId();

    HubSettings m_settings;
    const Authenticator *m_authenticator;
    std::shared_ptr<AuthThrottle> m_throttle;
    EventBus *m_bus;
    const Clock *m_clock;
    const MicroClock *m_microClock;
    std::shared_ptr<EventQueue> m_queue;
    QRandomGenerator m_random;
    QSet<EngineIoSession *> m_sessions;
    RoomRegistry m_rooms;
    SubscriptionHandler m_subscriptions;
    HubStats m_stats;
    quint64 m_epoch = 0;
    QTimer m_heartbeatTimer;
    QTimer m_tickTimer;
    QTimer m_drainTimer;
    qint64 m_lastDrainUs = 0;
};

} // namespace orrery
