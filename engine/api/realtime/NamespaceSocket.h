#pragma once

#include "api/Principal.h"

#include <QHash>
#include <QSet>
#include <QString>

namespace orrery {

class EngineIoSession;

// One client's membership of one namespace (a Socket.IO "socket"): its id, who it is, its rooms
// and the acknowledgements it owes the server. Owned by its EngineIoSession; the hub's room
// index points at it until it leaves.
struct NamespaceSocket
{
    QString id;                 // Socket.IO socket id (not the Engine.IO sid)
    QString nsp;
    EngineIoSession *session = nullptr;
    Principal principal;
    QSet<QString> rooms;
    quint64 epoch = 0;          // last broadcast that reached it (one delivery per broadcast)
    qint64 nextAckId = 0;
    QHash<qint64, qint64> pendingAcks; // ack id -> sent at (us)
};

} // namespace orrery
