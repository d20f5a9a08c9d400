#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace orrery {

struct NamespaceSocket;

// Who is where: every namespace socket by namespace, and room membership per namespace (rooms
// of different namespaces are unrelated even when their names are equal). Not thread-safe.
class RoomRegistry
{
public:
    using Members = QSet<NamespaceSocket *>;

    void addSocket(NamespaceSocket *socket);
    // Leaves every room and the namespace.
    void removeSocket(NamespaceSocket *socket);

    // false when already a member.
    bool join(NamespaceSocket *socket, const QString &room);
    // false when not a member.
    bool leave(NamespaceSocket *socket, const QString &room);

    const Members *members(const QString &nsp, const QString &room) const;
    const Members &everyone(const QString &nsp) const;
    int socketCount(const QString &nsp) const { return everyone(nsp).size(); }

    struct RoomInfo
    {
        QString nsp;
        QString room;
        int size = 0;
    };
    QList<RoomInfo> rooms() const; // sorted by namespace, then room

private:
    struct Namespace
    {
        Members everyone;
        QHash<QString, Members> rooms;
    };
    QHash<QString, Namespace> m_namespaces;
};

} // namespace orrery
