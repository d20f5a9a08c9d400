#pragma once

#include "HubSettings.h"

#include <QJsonObject>
#include <QPointer>
#include <functional>

namespace orrery {

class ApiRouter;
class Authenticator;
class EventBus;
class SocketIoHub;

// Plugs the Socket.IO hub into an API server (HttpApiServer::addRoutes, or any HttpServerHost):
//   WebSocket  /socket.io/?EIO=4&transport=websocket   the hub
//   GET        /socket.io/                             400 {"code":0,"message":"Transport unknown"}
//                                                      (HTTP long-polling is not offered)
//   GET        /api/websocket/stats                    hub, bus and Redis figures (viewer)
// registerRoutes() runs on the server thread: the hub is created there, and deleted on that
// thread when it finishes. Authenticator and bus are not owned and must outlive the server.
class RealtimeService
{
public:
    RealtimeService(HubSettings settings, const Authenticator *authenticator, EventBus *bus,
                    std::function<QJsonObject()> redisStats = {});
    ~RealtimeService();

    void registerRoutes(ApiRouter &router);

    // The hub of the running server, if any. Use only on the server thread (or after it ended).
    SocketIoHub *hub() const;

private:
    HubSettings m_settings;
    const Authenticator *m_authenticator;
    EventBus *m_bus;
    std::function<QJsonObject()> m_redisStats;
    QPointer<SocketIoHub> m_hub;
};

} // namespace orrery
