#pragma once

#include <QByteArray>
#include <QList>

namespace orrery::test {

// The value of one series in a /metrics text, named as it is written, e.g.
// `orrery_breaker_state{breaker="store"}`; -1 when the text has no such line (the families the
// tests read are never negative).
inline double metricValue(const QByteArray &text, const QByteArray &series)
{
    const QByteArray prefix = series + ' ';
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).toDouble();
    }
    return -1;
}

} // namespace orrery::test
