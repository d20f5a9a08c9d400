#include "ServerList.h"

namespace orrery {

QList<ServerList::Server> ServerList::servers() const
{
    QList<Server> out;
    const int n = m_settings->beginReadArray(QStringLiteral("servers"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        out.append({m_settings->value(QStringLiteral("name")).toString(), m_settings->value(QStringLiteral("url")).toString()});
    }
    m_settings->endArray();
    return out;
}

void ServerList::write(const QList<Server> &all)
{
    m_settings->remove(QStringLiteral("servers"));
    m_settings->beginWriteArray(QStringLiteral("servers"), int(all.size()));
    for (int i = 0; i < all.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), all.at(i).name);
        m_settings->setValue(QStringLiteral("url"), all.at(i).url);
    }
    m_settings->endArray();
    m_settings->sync();
}

void ServerList::save(const Server &server)
{
    QList<Server> all = servers();
    all.removeIf([&](const Server &s) { return s.url == server.url; });
    all.prepend(server);
    write(all);
}

void ServerList::remove(const QString &url)
{
    QList<Server> all = servers();
    all.removeIf([&](const Server &s) { return s.url == url; });
    write(all);
}

} // namespace orrery
