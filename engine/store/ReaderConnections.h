#pragma once

#include "core/Result.h"

#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QSqlDatabase>
#include <QString>
#include <QThread>
#include <memory>

namespace orrery {

class ConnectGate;
class SqlBackend;

// One read connection per thread that reads from the store (QSqlDatabase connections belong to
// the thread that opened them). A connection is closed when its QThread finishes, or by closeAll().
class ReaderConnections
{
public:
    // New connections are opened through `gate` (which must outlive this).
    ReaderConnections(const SqlBackend &backend, ConnectGate &gate, QString namePrefix);
    ~ReaderConnections();

    // The calling thread's connection, opened on first use.
    Result<QSqlDatabase> connection();
    // Closes the calling thread's connection so the next connection() opens a fresh one.
    void reconnect();
    // Closes every connection (the store is closing; no reads are running any more).
    void closeAll();
    int count() const;

private:
    struct Entry
    {
        QPointer<QThread> thread;
        QString name;
        QMetaObject::Connection finished;
    };
    struct Registry
    {
        QMutex mutex;
        QHash<QThread *, Entry> entries;
    };

    const SqlBackend &m_backend;
    ConnectGate &m_gate;
    const QString m_prefix;
    std::shared_ptr<Registry> m_registry; // shared with the thread-finished handlers
    bool m_closed = false;
};

} // namespace orrery
