#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace orrery {

// One entry of the event catalogue (docs/events.md): a name such as "task_completed", the
// project it belongs to, when it happened (ms since epoch) and its JSON payload.
struct EngineEvent
{
    QString name;
    QString projectId;
    qint64 timeMs = 0;
    QJsonObject payload;
};

} // namespace orrery

Q_DECLARE_METATYPE(orrery::EngineEvent)
