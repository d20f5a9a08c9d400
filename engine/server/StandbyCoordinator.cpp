#include "StandbyCoordinator.h"

#include "StandbyServer.h"

#include "runtime/JsonLogger.h"
#include "runtime/LeaseElector.h"
#include "runtime/PostgresEngineLease.h"

#include <QCoreApplication>
#include <QSysInfo>
#include <QTimer>

namespace orrery {

StandbyCoordinator::StandbyCoordinator(Settings settings, JsonLogger *logger, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_logger(logger),
      m_instance(QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid()))
{
}

StandbyCoordinator::~StandbyCoordinator() { stop(); }

Result<void> StandbyCoordinator::start()
{
    const bool tls = m_settings.http.tlsEnabled();
    StandbyServer::Settings standby;
    standby.instance = m_instance;
    standby.dbUrl = m_settings.dbUrl;
    standby.http = m_settings.http;
    standby.forwarding = m_settings.forwarding;
    m_standby = new StandbyServer(standby, this);
    auto bound = m_standby->listen(m_settings.host, m_settings.port);
    if (!bound.ok())
        return bound.error();
    m_port = bound.value();

    {
        QString host = m_settings.host.toString();
        if (m_settings.host == QHostAddress::Any || m_settings.host == QHostAddress::AnyIPv4)
            host = QStringLiteral("127.0.0.1");
        else if (m_settings.host == QHostAddress::AnyIPv6)
            host = QStringLiteral("[::1]");
        else if (m_settings.host.protocol() == QAbstractSocket::IPv6Protocol)
            host = QStringLiteral("[%1]").arg(host);
        m_localUrl = QStringLiteral("%1://%2:%3").arg(tls ? QStringLiteral("https") : QStringLiteral("http"), host).arg(m_port);
    }
    m_advertisedUrl = m_settings.advertiseUrl.isEmpty() ? m_localUrl : m_settings.advertiseUrl;
    m_standby->setAdvertisedUrl(m_advertisedUrl);

    m_lease = std::make_unique<PostgresEngineLease>(m_settings.store, m_instance, m_advertisedUrl);
    m_elector = new LeaseElector(m_lease.get(), this);
    connect(m_elector, &LeaseElector::unreachable, this, [this](const QString &message) {
        m_standby->setLastError(message);
        if (m_logger && message != m_lastLoggedError)
            m_logger->warning(QStringLiteral("engine lease: the store cannot be asked"),
                              {{QStringLiteral("error"), JsonLogger::maskSecrets(message)},
                               {QStringLiteral("role"), LeaseElector::roleName(m_elector->role())}});
        m_lastLoggedError = message;
    });
    connect(m_elector, &LeaseElector::leaseLost, this, &StandbyCoordinator::leaseLost);

    m_elector->tick(); // the first step before anything is printed: start as active when free
    if (!m_elector->lastError().isEmpty() && m_elector->ticks() == 1 && m_elector->role() == LeaseElector::Role::Standby
        && !m_elector->holder().known()) {
        // Not even one answer from the store: as without the lease, a start-up failure.
        return Error::unavailable(QStringLiteral("engine lease: %1").arg(m_elector->lastError()));
    }
    m_standby->setActive(m_elector->holder());
    if (isActive())
        onBecameActive(false);
    connect(m_elector, &LeaseElector::becameActive, this, [this] { onBecameActive(true); });

    m_timer = new QTimer(this);
    m_timer->setInterval(m_settings.pollIntervalMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_elector->tick();
        if (m_elector->role() == LeaseElector::Role::Standby) {
            m_standby->setActive(m_elector->holder());
            if (m_elector->lastError().isEmpty())
                m_standby->setLastError({});
        }
    });
    m_timer->start();
    if (m_logger)
        m_logger->info(isActive() ? QStringLiteral("engine lease taken") : QStringLiteral("standby: another instance holds the engine lease"),
                       {{QStringLiteral("instance"), m_instance},
                        {QStringLiteral("advertisedUrl"), m_advertisedUrl},
                        {QStringLiteral("active"), m_elector->holder().toJson()}});
    return {};
}

void StandbyCoordinator::onBecameActive(bool fromTimer)
{
    m_standby->close(); // frees the port for the full server
    if (fromTimer) {
        if (m_logger)
            m_logger->warning(QStringLiteral("engine lease taken: this standby becomes the active engine"),
                              {{QStringLiteral("instance"), m_instance}, {QStringLiteral("advertisedUrl"), m_advertisedUrl}});
        Q_EMIT becameActive();
    }
}

void StandbyCoordinator::stop()
{
    if (m_timer)
        m_timer->stop();
    if (m_lease)
        m_lease->release();
    if (m_standby)
        m_standby->close();
}

bool StandbyCoordinator::isActive() const { return m_elector && m_elector->role() == LeaseElector::Role::Active; }

QString StandbyCoordinator::activeUrl() const { return m_elector ? m_elector->holder().url : QString(); }

QJsonObject StandbyCoordinator::activeReport() const
{
    return QJsonObject{{QStringLiteral("role"), QStringLiteral("active")},
                       {QStringLiteral("instance"), m_instance},
                       {QStringLiteral("lease"), QStringLiteral("postgresql advisory lock")},
                       {QStringLiteral("active"), m_elector ? m_elector->holder().toJson() : QJsonObject()}};
}

} // namespace orrery
