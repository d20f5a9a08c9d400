#include "Event.h"

#include <QJsonDocument>

namespace orrery {

EventPtr Event::create(EventType type, QString projectId, qint64 timeMs, QJsonObject payload, qint64 createdUs,
                       QString userId, bool instanceOnly)
{
    auto e = std::make_shared<Event>(Tag{});
    e->m_type = type;
    e->m_projectId = std::move(projectId);
    e->m_userId = std::move(userId);
    e->m_timeMs = timeMs;
    e->m_createdUs = createdUs;
    e->m_payload = std::move(payload);
    e->m_instanceOnly = instanceOnly;
    return e;
}

EventPtr Event::fromWire(EventType type, QString projectId, QString userId, qint64 timeMs, qint64 createdUs,
                         QString origin, QByteArray wireJson)
{
    auto e = std::make_shared<Event>(Tag{});
    e->m_type = type;
    e->m_projectId = std::move(projectId);
    e->m_userId = std::move(userId);
    e->m_timeMs = timeMs;
    e->m_createdUs = createdUs;
    e->m_origin = std::move(origin);
    e->m_wire = std::move(wireJson);
    std::call_once(e->m_once, [] {}); // the wire form is final
    return e;
}

const QByteArray &Event::wireJson() const
{
    std::call_once(m_once, [this] {
        QJsonObject o = m_payload;
        o.insert(QStringLiteral("projectId"), m_projectId);
        o.insert(QStringLiteral("time"), m_timeMs);
        if (!m_userId.isEmpty())
            o.insert(QStringLiteral("userId"), m_userId);
        m_wire = QJsonDocument(o).toJson(QJsonDocument::Compact);
    });
    return m_wire;
}

QJsonObject Event::toJson() const
{
    return QJsonDocument::fromJson(wireJson()).object();
}

QJsonObject Event::payload() const
{
    return isRemote() ? toJson() : m_payload;
}

} // namespace orrery
