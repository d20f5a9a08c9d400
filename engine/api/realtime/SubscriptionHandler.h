#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace orrery {

class RoomRegistry;
struct NamespaceSocket;

// The client events of the hub (docs/realtime.md, "Client events"):
//   subscribe_to_project {project_id}   -> joins room project_<id> if the token's scopes allow
//   unsubscribe_from_project {project_id}
//   get_subscriptions
// Each returns what to acknowledge and which event to emit back: `subscribed`,
// `unsubscribed`, or `subscription_error` (so that a client without an ack callback still
// sees a refusal). project_id is a string or an integer; "*" means every project and needs a
// token that is not limited to some projects.
class SubscriptionHandler
{
public:
    SubscriptionHandler(RoomRegistry *rooms, int maxRoomsPerSocket);

    struct Outcome
    {
        QJsonObject ack;        // {"ok":true,...} or {"ok":false,"error":{"code","message"}}
        QString event;          // empty = none
        QJsonObject eventPayload;
    };

    // false = not one of ours.
    static bool handles(const QString &eventName);
    Outcome handle(NamespaceSocket &socket, const QString &eventName, const QJsonArray &args);

private:
    Outcome subscribe(NamespaceSocket &socket, const QJsonValue &given, const QString &projectId);
    Outcome unsubscribe(NamespaceSocket &socket, const QJsonValue &given, const QString &projectId);
    Outcome list(const NamespaceSocket &socket) const;
    static Outcome refuse(const QString &code, const QString &message, const QJsonValue &given);

    RoomRegistry *m_rooms;
    int m_maxRooms;
};

} // namespace orrery
