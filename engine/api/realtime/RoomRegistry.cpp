#include "RoomRegistry.h"

#include "NamespaceSocket.h"

#include <algorithm>

namespace orrery {

void RoomRegistry::addSocket(NamespaceSocket *socket)
{
    m_namespaces[socket->nsp].everyone.insert(socket);
}

void RoomRegistry::removeSocket(NamespaceSocket *socket)
{
    auto ns = m_namespaces.find(socket->nsp);
    if (ns == m_namespaces.end())
        return;
    for (const QString &room : std::as_const(socket->rooms)) {
        auto it = ns->rooms.find(room);
        if (it == ns->rooms.end())
            continue;
        it->remove(socket);
        if (it->isEmpty())
            ns->rooms.erase(it);
    }
    socket->rooms.clear();
    ns->everyone.remove(socket);
}

bool RoomRegistry::join(NamespaceSocket *socket, const QString &room)
{
    if (socket->rooms.contains(room))
        return false;
    socket->rooms.insert(room);
    m_namespaces[socket->nsp].rooms[room].insert(socket);
    return true;
}

bool RoomRegistry::leave(NamespaceSocket *socket, const QString &room)
{
    if (!socket->rooms.remove(room))
        return false;
    auto ns = m_namespaces.find(socket->nsp);
    if (ns != m_namespaces.end()) {
        auto it = ns->rooms.find(room);
        if (it != ns->rooms.end()) {
            it->remove(socket);
            if (it->isEmpty())
                ns->rooms.erase(it);
        }
    }
    return true;
}

const RoomRegistry::Members *RoomRegistry::members(const QString &nsp, const QString &room) const
{
    const auto ns = m_namespaces.constFind(nsp);
    if (ns == m_namespaces.constEnd())
        return nullptr;
    const auto it = ns->rooms.constFind(room);
    return it == ns->rooms.constEnd() ? nullptr : &it.value();
}

const RoomRegistry::Members &RoomRegistry::everyone(const QString &nsp) const
{
    static const Members none;
    const auto ns = m_namespaces.constFind(nsp);
    return ns == m_namespaces.constEnd() ? none : ns->everyone;
}

QList<RoomRegistry::RoomInfo> RoomRegistry::rooms() const
{
    QList<RoomInfo> out;
    for (auto ns = m_namespaces.cbegin(); ns != m_namespaces.cend(); ++ns)
        for (auto r = ns->rooms.cbegin(); r != ns->rooms.cend(); ++r)
            out.append(RoomInfo{ns.key(), r.key(), int(r->size())});
    std::sort(out.begin(), out.end(), [](const RoomInfo &a, const RoomInfo &b) {
        return a.nsp != b.nsp ? a.nsp < b.nsp : a.room < b.room;
    });
    return out;
}

} // namespace orrery
