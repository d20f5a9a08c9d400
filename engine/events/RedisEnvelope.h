#pragma once

#include "Event.h"

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace orrery {

// What one instance publishes on the Redis channel for the others:
//
//   {"v":1,"k":"e","o":<origin>,"s":<seq>,"n":<event name>,"p":<projectId>,"u":<userId>,
//    "t":<time ms>,"c":<created us>}\n<the event's wire JSON, verbatim>
//   {"v":1,"k":"s","o":<origin>,"s":<seq>}\n          (sync: "my last sequence number is s")
//
// The header is small and parsed; the event body is passed through as bytes, so an event is
// serialized once on the instance that raised it and never re-encoded on the others. `seq`
// counts every event the origin meant to publish, so a receiver that sees a jump knows how many
// it missed (an outage, an overflowing queue) and can say so (a `gap`).
struct RedisEnvelope
{
    enum class Kind { Event, Sync };

    Kind kind = Kind::Event;
    QString origin;
    quint64 seq = 0;
    EventType type = EventType::Heartbeat;
    QString projectId;
    QString userId;
    qint64 timeMs = 0;
    qint64 createdUs = 0;
    QByteArray wireJson;

    static QByteArray encodeEvent(const QString &origin, quint64 seq, const Event &event);
    static QByteArray encodeSync(const QString &origin, quint64 seq);
    static Result<RedisEnvelope> decode(const QByteArray &message);

    // A remote Event for the local bus (Kind::Event only).
    EventPtr toEvent() const;
};

} // namespace orrery
