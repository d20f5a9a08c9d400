#pragma once

#include "EventType.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <mutex>

namespace orrery {

class Event;
using EventPtr = std::shared_ptr<const Event>;

// One immutable event of the catalogue, shared by every subscriber (never copied per subscriber).
//
// Its wire form is the JSON object clients receive: the payload's fields plus "projectId" and
// "time" (and "userId" when the event targets a user). It is serialized at most once, on first
// use, by whichever thread asks first; every consumer then writes the same bytes. An event that
// came from another instance carries the wire bytes it arrived with and is never re-encoded.
class Event
{
public:
    // A local event. `createdUs` is when it was raised (MicroClock), for latency measurement.
    // `instanceOnly`: never forwarded to other instances (gap and heartbeat always are).
    static EventPtr create(EventType type, QString projectId, qint64 timeMs, QJsonObject payload,
                           qint64 createdUs, QString userId = {}, bool instanceOnly = false);
    // An event received from another instance: `wireJson` is its wire form, verbatim.
    static EventPtr fromWire(EventType type, QString projectId, QString userId, qint64 timeMs,
                             qint64 createdUs, QString origin, QByteArray wireJson);

    Event(const Event &) = delete;
    Event &operator=(const Event &) = delete;

    EventType type() const { return m_type; }
    QString name() const { return eventTypeName(m_type); }
    const QString &projectId() const { return m_projectId; }
    const QString &userId() const { return m_userId; }
    qint64 timeMs() const { return m_timeMs; }
    qint64 createdUs() const { return m_createdUs; }
    // The instance that raised it; empty for a local event.
    const QString &origin() const { return m_origin; }
    bool isRemote() const { return !m_origin.isEmpty(); }
    // About this instance only (its own Redis link, its own heartbeat): not fanned out.
    bool isInstanceOnly() const
    {
        return m_instanceOnly || m_type == EventType::Gap || m_type == EventType::Heartbeat;
    }

    // The wire form (compact UTF-8 JSON object). Thread-safe; computed once.
    const QByteArray &wireJson() const;
    // The wire form as an object (parsed from the bytes for a remote event).
    QJsonObject toJson() const;
    // The payload as raised (without projectId/time); for a remote event, the wire object.
    QJsonObject payload() const;

private:
    struct Tag {};

public:
    explicit Event(Tag) {}

private:
    EventType m_type = EventType::Heartbeat;
    QString m_projectId;
    QString m_userId;
    qint64 m_timeMs = 0;
    qint64 m_createdUs = 0;
    QString m_origin;
    bool m_instanceOnly = false;
    QJsonObject m_payload;
    mutable std::once_flag m_once;
    mutable QByteArray m_wire;
};

} // namespace orrery
