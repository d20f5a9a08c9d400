#pragma once

#include "core/Result.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <functional>

class QTimer;

namespace orrery {

class SqlBackend;
class Store;

// The PostgreSQL LISTEN side of SqlJobStore: a connection of its own (Store::openModuleConnection,
// owned by the thread that calls start()) that only LISTENs on one channel and hands every
// notification from another session to the change handler (its payload: a job id).
//
// The connection is watched: every check interval (5 s by default) a trivial query proves it
// alive (the driver itself never reports a dropped connection); a dead one (server restart,
// pg_terminate_backend, network) is reopened - retried at every check while the server is away -
// and then the change handler gets an empty id (re-read every job), because notifications sent
// meanwhile are lost.
class JobChangeListener final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultCheckIntervalMs = 5000;

    // `store` must outlive the listener. `connectionName` also becomes the application_name of
    // the listening backend (pg_stat_activity shows which one it is).
    JobChangeListener(Store *store, QString connectionName, QString channel, QObject *parent = nullptr);
    ~JobChangeListener() override;

    // Opens the connection, LISTENs and starts the periodic check.
    Result<void> start();
    // Stops the check and closes the connection.
    void stop();

    // Checks the connection now and reopens it if it is dead. True when it is listening afterwards.
    bool check();
    void setCheckInterval(int ms);
    int reconnects() const { return m_reconnects; }
    void setChangeHandler(std::function<void(const QString &)> handler) { m_onChange = std::move(handler); }

private:
    Result<void> openConnection();
    void closeConnection();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);

    Store *m_store;
    const SqlBackend *m_backend;
    QString m_name;
    QString m_channel;
    QSqlDatabase m_listen;
    QTimer *m_timer;
    int m_checkMs = kDefaultCheckIntervalMs;
    bool m_lost = false;
    int m_reconnects = 0;
    std::function<void(const QString &)> m_onChange;
};

} // namespace orrery
