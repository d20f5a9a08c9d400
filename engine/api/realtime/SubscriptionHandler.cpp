#include "SubscriptionHandler.h"

#include "EventRouting.h"
#include "NamespaceSocket.h"
#include "RoomRegistry.h"

#include <QStringList>
#include <cmath>

namespace orrery {

namespace {

const QString kSubscribe = QStringLiteral("subscribe_to_project");
const QString kUnsubscribe = QStringLiteral("unsubscribe_from_project");
const QString kList = QStringLiteral("get_subscriptions");

// project_id as a room suffix, or an error message.
QString projectIdOf(const QJsonValue &v, QString *error)
{
    if (v.isString()) {
        const QString s = v.toString().trimmed();
        if (s.isEmpty() || s.size() > 200) {
            *error = QStringLiteral("project_id must be a non-empty string of at most 200 characters or an integer");
            return {};
        }
        return s;
    }
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 9e15)
            return QString::number(qint64(d));
    }
    *error = QStringLiteral("project_id is required: a string or an integer, e.g. {\"project_id\": 42}");
    return {};
}

} // namespace

SubscriptionHandler::SubscriptionHandler(RoomRegistry *rooms, int maxRoomsPerSocket)
    : m_rooms(rooms), m_maxRooms(maxRoomsPerSocket)
{
}

bool SubscriptionHandler::handles(const QString &eventName)
{
    return eventName == kSubscribe || eventName == kUnsubscribe || eventName == kList;
}

SubscriptionHandler::Outcome SubscriptionHandler::refuse(const QString &code, const QString &message,
                                                         const QJsonValue &given)
{
    Outcome o;
    o.ack = QJsonObject{{QStringLiteral("ok"), false},
                        {QStringLiteral("error"),
                         QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
    o.event = QStringLiteral("subscription_error");
    o.eventPayload = QJsonObject{{QStringLiteral("project_id"), given.isUndefined() ? QJsonValue() : given},
                                 {QStringLiteral("code"), code},
                                 {QStringLiteral("message"), message}};
    return o;
}

SubscriptionHandler::Outcome SubscriptionHandler::handle(NamespaceSocket &socket, const QString &eventName,
                                                         const QJsonArray &args)
{
    if (eventName == kList)
        return list(socket);
    const QJsonObject arg = args.at(0).toObject();
    const QJsonValue given = arg.contains(QLatin1String("project_id")) ? arg.value(QLatin1String("project_id"))
                                                                       : arg.value(QLatin1String("projectId"));
    QString error;
    const QString projectId = projectIdOf(given, &error);
    if (projectId.isEmpty())
        return refuse(QStringLiteral("invalid"), error, given);
    if (socket.nsp == EventRouting::kAdmin)
        return refuse(QStringLiteral("not_applicable"),
                      QStringLiteral("/admin receives the events of every project; subscribe on /tasks or /profiling"),
                      given);
    return eventName == kSubscribe ? subscribe(socket, given, projectId) : unsubscribe(socket, given, projectId);
}

SubscriptionHandler::Outcome SubscriptionHandler::subscribe(NamespaceSocket &socket, const QJsonValue &given,
                                                            const QString &projectId)
{
    const QStringList &scopes = socket.principal.projects;
    if (projectId == QLatin1String("*") && !scopes.isEmpty())
        return refuse(QStringLiteral("forbidden"),
                      QStringLiteral("Token '%1' is limited to projects %2; it may not subscribe to every project (*).")
                          .arg(socket.principal.name, scopes.join(QStringLiteral(", "))),
                      given);
    if (!scopes.isEmpty() && !scopes.contains(projectId))
        return refuse(QStringLiteral("forbidden"),
                      QStringLiteral("Token '%1' may not subscribe to project %2; its projects are: %3.")
                          .arg(socket.principal.name, projectId, scopes.join(QStringLiteral(", "))),
                      given);
    const QString room = EventRouting::projectRoom(projectId);
    if (!socket.rooms.contains(room) && socket.rooms.size() >= m_maxRooms)
        return refuse(QStringLiteral("too_many_rooms"),
                      QStringLiteral("A socket may be in at most %1 rooms; unsubscribe from some first.").arg(m_maxRooms),
                      given);
    m_rooms->join(&socket, room);
    Outcome o;
    o.ack = QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("room"), room}};
    o.event = QStringLiteral("subscribed");
    o.eventPayload = QJsonObject{{QStringLiteral("project_id"), given}, {QStringLiteral("room"), room}};
    return o;
}

SubscriptionHandler::Outcome SubscriptionHandler::unsubscribe(NamespaceSocket &socket, const QJsonValue &given,
                                                              const QString &projectId)
{
    const QString room = EventRouting::projectRoom(projectId);
    const bool was = m_rooms->leave(&socket, room);
    Outcome o;
    o.ack = QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("room"), room}, {QStringLiteral("wasSubscribed"), was}};
    o.event = QStringLiteral("unsubscribed");
    o.eventPayload = QJsonObject{{QStringLiteral("project_id"), given}, {QStringLiteral("room"), room}};
    return o;
}

SubscriptionHandler::Outcome SubscriptionHandler::list(const NamespaceSocket &socket) const
{
    QStringList rooms(socket.rooms.cbegin(), socket.rooms.cend());
    rooms.sort();
    Outcome o;
    o.ack = QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("rooms"), QJsonArray::fromStringList(rooms)}};
    return o;
}

} // namespace orrery
