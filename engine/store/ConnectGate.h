#pragma once

#include "core/Result.h"

#include <QMutex>
#include <QSqlDatabase>

namespace orrery {

class Clock;
class SqlBackend;

// Paces new connections to a database that refuses them (docs/reliability-faults.md, "Reads while
// PostgreSQL is down"). While the database answers, every open passes. After an open fails, new
// opens are refused at once, with the last failure and when the next try is due, until a delay has
// passed (first 250 ms, doubling to 2 s); then one caller at a time may try (a probe). A successful
// open lets everyone through again. So the API's reads, the modules and the health probe knock on a
// dead database at a probe rate, not at their request rate. Thread-safe; time from the Clock.
class ConnectGate
{
public:
    struct Policy
    {
        qint64 firstDelayMs = 250;
        qint64 maxDelayMs = 2000;
    };

    explicit ConnectGate(const Clock *clock); // the default policy
    ConnectGate(const Clock *clock, Policy policy);

    // Before opening a connection: ok, or an Unavailable error that says why not and when.
    // An ok while the gate is closed makes the caller the probe: it must report opened() or failed().
    Result<void> admit();
    void opened();
    void failed(const Error &error);
    // backend.openConnection() through the gate.
    Result<QSqlDatabase> open(const SqlBackend &backend, const QString &connectionName, const QString &role);

    bool isClosed() const;
    qint64 currentDelayMs() const;

private:
    const Clock *m_clock;
    const Policy m_policy;
    mutable QMutex m_mutex;
    qint64 m_delayMs = 0;     // 0 = open: the last attempt succeeded
    qint64 m_nextTryMs = 0;
    bool m_probing = false;
    QString m_lastError;
};

} // namespace orrery
