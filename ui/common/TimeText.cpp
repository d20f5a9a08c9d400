#include "TimeText.h"

#include <QDateTime>

namespace orrery {

QString TimeText::local(qint64 epochMs)
{
    if (epochMs <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString TimeText::duration(qint64 ms)
{
    const qint64 s = (qMax<qint64>(0, ms) + 999) / 1000; // a countdown shows "1 s" until it is over
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return s % 60 ? tr("%1 min %2 s").arg(s / 60).arg(s % 60) : tr("%1 min").arg(s / 60);
    if (s < 86400)
        return (s % 3600) / 60 ? tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60) : tr("%1 h").arg(s / 3600);
    return tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString TimeText::relative(qint64 epochMs, qint64 nowMs)
{
    if (epochMs <= 0)
        return {};
    const qint64 delta = epochMs - nowMs;
    if (delta > 0)
        return tr("in %1").arg(duration(delta));
    const qint64 ago = -delta;
    if (ago < 1000)
        return tr("just now");
    const qint64 s = ago / 1000;
    if (s < 60)
        return tr("%1 s ago").arg(s);
    if (s < 3600)
        return tr("%1 min ago").arg(s / 60);
    if (s < 86400)
        return tr("%1 h ago").arg(s / 3600);
    return tr("%1 d ago").arg(s / 86400);
}

} // namespace orrery
