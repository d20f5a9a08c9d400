#pragma once

#include "ActiveForwarder.h"

#include "api/HttpSettings.h"
#include "core/Result.h"
#include "store/StoreUrl.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <memory>

class QTimer;

namespace orrery {

class JsonLogger;
class LeaseElector;
class PostgresEngineLease;
class StandbyServer;

// orreryd on a PostgreSQL store that several instances share: serves as a standby
// (StandbyServer: store-backed reads, the hub through Redis, writes forwarded to the active
// instance) on the listen address until its LeaseElector takes the engine lease, then
// closes that server and emits becameActive() so the caller starts the full server on the same
// port. Steps the elector every second (a standby takes over at most ~1 s after the lease is
// freed) and, while active, keeps checking that the lease is still held. Lives on the main thread.
class StandbyCoordinator : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        StoreUrl store;
        QString dbUrl;          // the same store as a URL (the standby's reads open it)
        QHostAddress host;
        quint16 port = 0;
        QString advertiseUrl;   // empty = from the listen address and bound port
        HttpSettings http;      // the active server's (TLS, CORS, limits): the standby serves with them too
        ActiveForwarder::Settings forwarding;
        int pollIntervalMs = 1000;
    };

    StandbyCoordinator(Settings settings, JsonLogger *logger, QObject *parent = nullptr);
    ~StandbyCoordinator() override;

    // Binds the standby server, then takes one lease step. Afterwards isActive() tells whether
    // this instance holds the lease (the standby server is then closed again) and the timer runs.
    Result<void> start();
    // Releases the lease (a clean stop) and closes the standby server.
    void stop();

    bool isActive() const;
    quint16 port() const { return m_port; }
    QString instance() const { return m_instance; }
    QString advertisedUrl() const { return m_advertisedUrl; }
    // Where this instance listens (http(s)://host:port; 127.0.0.1 for 0.0.0.0).
    QString localUrl() const { return m_localUrl; }
    // The active holder as last read (a standby's view).
    QString activeUrl() const;
    // GET /api/engine/lease of the active server: role, this instance, the lease's record.
    QJsonObject activeReport() const;

Q_SIGNALS:
    void becameActive();
    void leaseLost(const QString &reason);

private:
    void onBecameActive(bool fromTimer);

    Settings m_settings;
    JsonLogger *m_logger;
    QString m_instance;
    QString m_advertisedUrl;
    QString m_localUrl;
    quint16 m_port = 0;
    std::unique_ptr<PostgresEngineLease> m_lease;
    LeaseElector *m_elector = nullptr;
    StandbyServer *m_standby = nullptr;
    QTimer *m_timer = nullptr;
    QString m_lastLoggedError;
};

} // namespace orrery
