#include "SocketIoPacket.h"

#include <QJsonDocument>

namespace orrery {

namespace {

Error protocolError(const QString &what)
{
    return Error::invalid(QStringLiteral("Socket.IO protocol error: %1").arg(what));
}

QByteArray compact(const QJsonValue &v)
{
    if (v.isObject())
        return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    if (v.isArray())
        return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    // Scalars: wrap in an array and strip the brackets.
    QByteArray a = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return a.mid(1, a.size() - 2);
}

} // namespace

QString SocketIoPacket::eventName() const
{
    const QJsonValue first = data.toArray().at(0);
    if (first.isDouble())
        return QString::number(first.toDouble());
    return first.toString();
}

QJsonArray SocketIoPacket::eventArgs() const
{
    QJsonArray a = data.toArray();
    if (!a.isEmpty())
        a.removeFirst();
    return a;
}

bool SocketIoPacket::isReservedEventName(QStringView name)
{
    return name == u"connect" || name == u"connect_error" || name == u"disconnect" || name == u"disconnecting"
        || name == u"newListener" || name == u"removeListener";
}

Result<SocketIoPacket> SocketIoPacket::decode(QStringView s)
{
    if (s.isEmpty())
        return protocolError(QStringLiteral("empty packet"));
    const QChar t = s.at(0);
    if (t < u'0' || t > u'6')
        return protocolError(QStringLiteral("unknown packet type '%1'").arg(t));
    SocketIoPacket p;
    p.type = Type(t.unicode() - u'0');
    qsizetype i = 1;

    if (p.type == Type::BinaryEvent || p.type == Type::BinaryAck) {
        const qsizetype start = i;
        while (i < s.size() && s.at(i) != u'-')
            ++i;
        bool ok = false;
        const int n = s.mid(start, i - start).toInt(&ok);
        if (i >= s.size() || !ok || n < 1 || n > 10)
            return protocolError(QStringLiteral("illegal attachment count"));
        p.attachments = n;
        ++i; // '-'
    }

    if (i < s.size() && s.at(i) == u'/') {
        const qsizetype start = i;
        while (i < s.size() && s.at(i) != u',')
            ++i;
        p.nsp = s.mid(start, i - start).toString();
        if (i < s.size())
            ++i; // ','
    }

    if (i < s.size() && s.at(i).isDigit() && s.at(i).unicode() < 128) {
        const qsizetype start = i;
        while (i < s.size() && s.at(i).unicode() < 128 && s.at(i).isDigit())
            ++i;
        bool ok = false;
        const qint64 id = s.mid(start, i - start).toLongLong(&ok);
        if (!ok || i - start > 15)
            return protocolError(QStringLiteral("ack id out of range"));
        p.ackId = id;
    }

    if (i < s.size()) {
        QJsonParseError err;
        // Wrap so that scalars parse too; the shape checks below reject them where not allowed.
        const QByteArray json = "[" + s.mid(i).toUtf8() + "]";
        const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
        if (err.error != QJsonParseError::NoError || doc.array().size() != 1)
            return protocolError(QStringLiteral("invalid JSON payload (%1)").arg(err.errorString()));
        p.data = doc.array().at(0);
    }

    const bool hasData = !p.data.isUndefined();
    switch (p.type) {
    case Type::Connect:
        if (hasData && !p.data.isObject())
            return protocolError(QStringLiteral("CONNECT payload must be an object"));
        break;
    case Type::Disconnect:
        if (hasData)
            return protocolError(QStringLiteral("DISCONNECT takes no payload"));
        break;
    case Type::ConnectError:
        if (!p.data.isObject() && !p.data.isString())
            return protocolError(QStringLiteral("CONNECT_ERROR payload must be an object or a string"));
        break;
    case Type::Event:
    case Type::BinaryEvent: {
        const QJsonArray a = p.data.toArray();
        if (!p.data.isArray() || a.isEmpty())
            return protocolError(QStringLiteral("EVENT payload must be a non-empty array"));
        if (a.at(0).isString()) {
            if (isReservedEventName(a.at(0).toString()))
                return protocolError(QStringLiteral("event name '%1' is reserved").arg(a.at(0).toString()));
        } else if (!a.at(0).isDouble()) {
            return protocolError(QStringLiteral("event name must be a string"));
        }
        break;
    }
    case Type::Ack:
    case Type::BinaryAck:
        if (!p.data.isArray())
            return protocolError(QStringLiteral("ACK payload must be an array"));
        break;
    }
    return p;
}

QString SocketIoPacket::nspPrefix(const QString &nsp)
{
    return nsp == QLatin1String("/") ? QString() : nsp + QLatin1Char(',');
}

QString SocketIoPacket::connectReply(const QString &nsp, const QString &socketId)
{
    return QStringLiteral("40") + nspPrefix(nsp)
        + QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("sid"), socketId}}).toJson(QJsonDocument::Compact));
}

QString SocketIoPacket::connectError(const QString &nsp, const QString &message, const QJsonValue &data)
{
    QJsonObject o{{QStringLiteral("message"), message}};
    if (!data.isUndefined() && !data.isNull())
        o.insert(QStringLiteral("data"), data);
    // Always "<nsp>,": a bare "44/nsp" would be read as a namespace without payload.
    const QString prefix = nsp == QLatin1String("/") ? QString() : nsp + QLatin1Char(',');
    return QStringLiteral("44") + prefix + QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString SocketIoPacket::disconnect(const QString &nsp)
{
    return QStringLiteral("41") + nspPrefix(nsp);
}

QString SocketIoPacket::ack(const QString &nsp, qint64 ackId, const QJsonArray &args)
{
    return QStringLiteral("43") + nspPrefix(nsp) + QString::number(ackId)
        + QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact));
}

QString SocketIoPacket::event(const QString &nsp, const QString &name, const QJsonArray &args, qint64 ackId)
{
    QJsonArray all{name};
    for (const QJsonValue &v : args)
        all.append(v);
    return QStringLiteral("42") + nspPrefix(nsp) + (ackId >= 0 ? QString::number(ackId) : QString())
        + QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Compact));
}

QString SocketIoPacket::eventWithRawArg(const QString &nsp, const QString &name, const QByteArray &argJson)
{
    QByteArray frame;
    frame.reserve(argJson.size() + nsp.size() + name.size() + 8);
    frame.append("42");
    frame.append(nspPrefix(nsp).toUtf8());
    frame.append("[");
    frame.append(compact(QJsonValue(name)));
    frame.append(",");
    frame.append(argJson);
    frame.append("]");
    return QString::fromUtf8(frame);
}

} // namespace orrery
