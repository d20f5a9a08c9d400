#include "RealtimeService.h"

#include "SocketIoHub.h"

#include "api/ApiRouter.h"
#include "api/RequestContext.h"
#include "events/EventBus.h"

#include <QJsonArray>
#include <QThread>
#include <QWebSocket>

namespace orrery {

RealtimeService::RealtimeService(HubSettings settings, const Authenticator *authenticator, EventBus *bus,
                                 std::function<QJsonObject()> redisStats)
    : m_settings(std::move(settings)), m_authenticator(authenticator), m_bus(bus), m_redisStats(std::move(redisStats))
{
}

RealtimeService::~RealtimeService() = default;

SocketIoHub *RealtimeService::hub() const
{
    return m_hub.data();
}

void RealtimeService::registerRoutes(ApiRouter &router)
{
    auto *hub = new SocketIoHub(m_settings, m_authenticator, m_bus); // on the server thread
    hub->setAuthThrottle(router.authThrottle()); // token guessing over CONNECT is throttled like HTTP
    m_hub = hub;
    // The server objects die on their thread and then the thread ends: the hub goes with it,
    // after its WebSockets (closed by the server's destruction) have reported in.
    QObject::connect(QThread::currentThread(), &QThread::finished, hub, [hub] { delete hub; }, Qt::DirectConnection);

    router.addWebSocket(QStringLiteral("/socket.io/"), [hub](std::unique_ptr<QWebSocket> ws) { hub->accept(std::move(ws)); });

    router
        .add("GET", QStringLiteral("/socket.io"), Access::Anonymous,
             [](const RequestContext &ctx) {
                 // What the reference server answers when polling is not among its transports.
                 ctx.replyJson(QJsonObject{{QStringLiteral("code"), 0}, {QStringLiteral("message"), QStringLiteral("Transport unknown")}},
                               400);
             })
        .summary(QStringLiteral("Socket.IO endpoint: WebSocket transport only"))
        .description(QStringLiteral("Socket.IO v4 clients connect here with transports: ['websocket'] "
                                    "(Engine.IO 4 over a WebSocket upgrade). A plain GET (HTTP long-polling) "
                                    "is refused with 400 Transport unknown. See docs/realtime.md."))
        .tag(QStringLiteral("realtime"))
        .response(400, QStringLiteral("Transport unknown: use the websocket transport"));

    EventBus *bus = m_bus;
    auto redisStats = m_redisStats;
    router
        .add("GET", QStringLiteral("/api/websocket/stats"), Access::Viewer,
             [hub, bus, redisStats](const RequestContext &ctx) {
                 QJsonObject o = hub->stats(ctx.principal());
                 const EventBus::Stats b = bus->stats();
                 QJsonObject byType;
                 for (EventType t : allEventTypes())
                     if (b.byType[size_t(t)] > 0)
                         byType.insert(eventTypeName(t), double(b.byType[size_t(t)]));
                 QJsonArray subscribers;
                 for (const EventQueue::Stats &q : b.subscribers)
                     subscribers.append(QJsonObject{{QStringLiteral("name"), q.name},
                                                    {QStringLiteral("size"), q.size},
                                                    {QStringLiteral("capacity"), q.capacity},
                                                    {QStringLiteral("dropped"), double(q.dropped)}});
                 o.insert(QStringLiteral("bus"), QJsonObject{{QStringLiteral("published"), double(b.published)},
                                                             {QStringLiteral("fromOtherInstances"), double(b.remote)},
                                                             {QStringLiteral("byType"), byType},
                                                             {QStringLiteral("subscribers"), subscribers}});
                 o.insert(QStringLiteral("redis"), redisStats ? redisStats()
                                                              : QJsonObject{{QStringLiteral("enabled"), false}});
                 ctx.replyJson(o);
             })
        .summary(QStringLiteral("Real-time hub statistics"))
        .description(QStringLiteral("Connections per namespace, rooms and their sizes, messages in/out per second, "
                                    "dropped events, slow clients, delivery latency p50/p95/p99 (event creation to "
                                    "socket write), the event bus and the Redis fan-out. A token limited to some "
                                    "projects sees only their rooms."))
        .tag(QStringLiteral("realtime"))
        .allowScoped();
}

} // namespace orrery
