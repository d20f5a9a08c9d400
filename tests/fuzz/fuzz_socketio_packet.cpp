// Fuzz target: what a WebSocket client sends the real-time hub. Input: one or more Engine.IO v4
// text messages separated by 0x1e (the record separator of Engine.IO payloads); messages of
// type '4' carry a Socket.IO packet (api/realtime/SocketIoPacket::decode) and the subscription
// events among them run through the hub's SubscriptionHandler on one namespace socket.
// Properties: decoding never crashes and every refusal has a message; a decoded EVENT, ACK or
// CONNECT_ERROR re-encoded by the server's encoders decodes to the same packet; the socket never
// joins a room its token's projects do not allow, nor more rooms than the limit.
#include "FuzzCheck.h"

#include "api/realtime/EventRouting.h"
#include "api/realtime/NamespaceSocket.h"
#include "api/realtime/RoomRegistry.h"
#include "api/realtime/SocketIoPacket.h"
#include "api/realtime/SubscriptionHandler.h"

#include <QJsonDocument>

using namespace orrery;

namespace {

QString show(const SocketIoPacket &p)
{
    QJsonArray wrapped{p.data.isUndefined() ? QJsonValue(QStringLiteral("<undefined>")) : p.data};
    return QStringLiteral("type %1 nsp '%2' ack %3 data %4")
        .arg(int(p.type))
        .arg(p.nsp)
        .arg(p.ackId)
        .arg(QString::fromUtf8(QJsonDocument(wrapped).toJson(QJsonDocument::Compact)));
}

void checkSame(const SocketIoPacket &a, const QString &encoded)
{
    FUZZ_CHECK(encoded.startsWith(u'4'), "encoders write an Engine.IO message: " + encoded);
    auto back = SocketIoPacket::decode(QStringView(encoded).mid(1));
    FUZZ_CHECK(back.ok(), "the server's own encoding decodes: " + encoded + " <- " + show(a)
                              + (back.ok() ? QString() : " : " + back.error().message));
    const SocketIoPacket &b = back.value();
    FUZZ_CHECK(b.type == a.type && b.nsp == a.nsp && b.ackId == a.ackId && b.data == a.data,
               "round trip keeps the packet: " + show(a) + " -> " + encoded + " -> " + show(b));
}

void roundTrip(const SocketIoPacket &p)
{
    switch (p.type) {
    case SocketIoPacket::Type::Event:
        if (p.data.toArray().at(0).isString()) {
            checkSame(p, SocketIoPacket::event(p.nsp, p.eventName(), p.eventArgs(), p.ackId));
            const QJsonArray args = p.eventArgs();
            if (p.ackId < 0 && args.size() == 1 && args.at(0).isObject())
                checkSame(p, SocketIoPacket::eventWithRawArg(
                                 p.nsp, p.eventName(), QJsonDocument(args.at(0).toObject()).toJson(QJsonDocument::Compact)));
        }
        break;
    case SocketIoPacket::Type::Ack:
        if (p.ackId >= 0)
            checkSame(p, SocketIoPacket::ack(p.nsp, p.ackId, p.data.toArray()));
        break;
    case SocketIoPacket::Type::Disconnect:
        if (p.ackId < 0)
            checkSame(p, SocketIoPacket::disconnect(p.nsp));
        break;
    default:
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    RoomRegistry rooms;
    constexpr int kMaxRooms = 4;
    SubscriptionHandler subscriptions(&rooms, kMaxRooms);
    NamespaceSocket socket;
    socket.id = QStringLiteral("fuzz");
    socket.nsp = EventRouting::kTasks;
    socket.principal.name = QStringLiteral("fuzzer");
    socket.principal.projects = {QStringLiteral("1"), QStringLiteral("7"), QStringLiteral("alpha")};
    rooms.addSocket(&socket);

    const QString input = fuzz::text(data, size);
    for (const QString &message : input.split(QChar(0x1e))) {
        if (message.isEmpty() || message.at(0) != u'4')
            continue; // pings, pongs and closes are framing only
        auto decoded = SocketIoPacket::decode(QStringView(message).mid(1));
        if (!decoded.ok()) {
            FUZZ_CHECK(decoded.error().message.startsWith(QLatin1String("Socket.IO protocol error")),
                       "refusals explain themselves: " + decoded.error().message);
            continue;
        }
        const SocketIoPacket &packet = decoded.value();
        FUZZ_CHECK(packet.nsp.startsWith(u'/'), "namespaces start with '/': " + show(packet));
        roundTrip(packet);
        // The hub hands an event to the namespace socket it names; this one is on /tasks.
        if (packet.type != SocketIoPacket::Type::Event || packet.nsp != socket.nsp
            || !SubscriptionHandler::handles(packet.eventName()))
            continue;
        const SubscriptionHandler::Outcome outcome =
            subscriptions.handle(socket, packet.eventName(), packet.eventArgs());
        FUZZ_CHECK(outcome.ack.contains(QLatin1String("ok")), "every subscription event is acknowledged");
        FUZZ_CHECK(socket.rooms.size() <= kMaxRooms, "at most the room limit");
        for (const QString &room : socket.rooms) {
            const QString project = room.mid(QStringLiteral("project_").size());
            FUZZ_CHECK(socket.principal.projects.contains(project), "joined only allowed rooms, not " + room);
        }
    }
    rooms.removeSocket(&socket);
    return 0;
}
