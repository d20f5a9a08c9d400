#pragma once

#include <QCoreApplication>
#include <QString>

namespace orrery {

// How the operations views write times: local "yyyy-MM-dd HH:mm:ss" and relative to a given
// "now" ("in 42 s", "3 min ago"), so the caller's injected Clock decides what now is.
class TimeText
{
    Q_DECLARE_TR_FUNCTIONS(TimeText)

public:
    // Local time of an epoch-ms instant; empty for <= 0.
    static QString local(qint64 epochMs);
    // "in 42 s", "in 3 min 5 s", "just now", "12 s ago", "3 min ago", "2 h ago", "4 d ago".
    static QString relative(qint64 epochMs, qint64 nowMs);
    // A duration: "42 s", "3 min 5 s", "2 h 10 min".
    static QString duration(qint64 ms);
};

} // namespace orrery
