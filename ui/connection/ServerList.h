#pragma once

#include <QList>
#include <QSettings>
#include <QString>

namespace orrery {

// Saved servers (name + URL) in QSettings under "servers/". Tokens are not kept here (TokenVault).
class ServerList
{
public:
    struct Server
    {
        QString name;
        QString url;
    };

    explicit ServerList(QSettings *settings) : m_settings(settings) {}

    QList<Server> servers() const;
    void save(const Server &server); // replaces the entry with the same URL
    void remove(const QString &url);

private:
    void write(const QList<Server> &all);
    QSettings *m_settings;
};

} // namespace orrery
