#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace orrery {

// One Socket.IO v5 packet (shared/specs/socketio.md §5), the payload of an Engine.IO `4` message.
//
// Text layout: <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]. decode() follows the
// reference parser (socket.io-parser 4.2) and rejects everything it rejects; the encoders write
// what the reference encoder writes. Binary packets (5, 6) are decoded far enough to be
// recognised; the hub does not accept them.
struct SocketIoPacket
{
    enum class Type { Connect = 0, Disconnect = 1, Event = 2, Ack = 3, ConnectError = 4, BinaryEvent = 5, BinaryAck = 6 };

    Type type = Type::Event;
    QString nsp = QStringLiteral("/");
    qint64 ackId = -1; // -1 = none
    int attachments = 0;
    QJsonValue data{QJsonValue::Undefined}; // Undefined when the packet carried no payload

    // For an EVENT: its name (data[0]) and arguments (data[1..]).
    QString eventName() const;
    QJsonArray eventArgs() const;

    // `text` is the Engine.IO message without its leading '4'.
    static Result<SocketIoPacket> decode(QStringView text);

    // Names no event may have on the wire (the JS parser rejects them in both directions).
    static bool isReservedEventName(QStringView name);

    // ---- encoders; each returns the whole Engine.IO message, leading '4' included ----
    static QString connectReply(const QString &nsp, const QString &socketId);
    static QString connectError(const QString &nsp, const QString &message, const QJsonValue &data = QJsonValue());
    static QString disconnect(const QString &nsp);
    static QString ack(const QString &nsp, qint64 ackId, const QJsonArray &args);
    // An EVENT; ackId >= 0 asks the client for an acknowledgement.
    static QString event(const QString &nsp, const QString &name, const QJsonArray &args, qint64 ackId = -1);
    // An EVENT whose single argument is already serialized JSON (`argJson`, UTF-8): the bytes
    // go on the wire as they are. Used for broadcasts: one frame per event and namespace.
    static QString eventWithRawArg(const QString &nsp, const QString &name, const QByteArray &argJson);

    // "<nsp>," or "" for the default namespace.
    static QString nspPrefix(const QString &nsp);
};

} // namespace orrery
