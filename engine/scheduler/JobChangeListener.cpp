#include "scheduler/JobChangeListener.h"

#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcScheduler)

namespace orrery {

JobChangeListener::JobChangeListener(Store *store, QString connectionName, QString channel, QObject *parent)
    : QObject(parent), m_store(store), m_backend(&store->backend()), m_name(std::move(connectionName)),
      m_channel(std::move(channel)), m_timer(new QTimer(this))
{
    m_timer->setInterval(m_checkMs);
    connect(m_timer, &QTimer::timeout, this, &JobChangeListener::check);
}

JobChangeListener::~JobChangeListener()
{
    if (m_timer->isActive() || m_listen.isValid())
        stop();
}

Result<void> JobChangeListener::start()
{
    if (auto r = openConnection(); !r)
        return r;
    m_timer->start();
    return {};
}

void JobChangeListener::stop()
{
    m_timer->stop();
    closeConnection();
}

Result<void> JobChangeListener::openConnection()
{
    // A connection that only listens: notifications arrive on its socket without waiting for a query.
    auto listen = m_store->openModuleConnection(m_name);
    if (!listen) {
        SqlBackend::closeConnection(m_name);
        return listen.error();
    }
    m_listen = *listen;
    // Named after the connection, so pg_stat_activity shows which backend is the listener.
    {
        QSqlQuery name(m_listen);
        name.prepare(QStringLiteral("SELECT set_config('application_name', ?, false)"));
        name.addBindValue(m_name);
        name.exec();
    }
    if (!m_listen.driver()->subscribeToNotification(m_channel)) {
        Error e = Error::unavailable(QStringLiteral("cannot LISTEN %1 on %2: %3")
                                         .arg(m_channel, m_backend->url().masked(), m_listen.driver()->lastError().text()));
        closeConnection();
        return e;
    }
    connect(m_listen.driver(), &QSqlDriver::notification, this, &JobChangeListener::onNotification);
    return {};
}

void JobChangeListener::closeConnection()
{
    m_listen = QSqlDatabase();
    SqlBackend::closeConnection(m_name);
}

void JobChangeListener::setCheckInterval(int ms)
{
    m_checkMs = std::max(10, ms);
    m_timer->setInterval(m_checkMs);
}

bool JobChangeListener::check()
{
    if (m_listen.isValid() && m_listen.isOpen()) {
        QSqlQuery alive(m_listen);
        if (alive.exec(QStringLiteral("SELECT 1")))
            return true;
        qCWarning(lcScheduler).noquote() << "the LISTEN connection to" << m_backend->url().masked()
                                         << "was lost (" + alive.lastError().text().trimmed() + "); reconnecting";
    }
    closeConnection();
    if (auto r = openConnection(); !r) {
        if (!m_lost)
            qCWarning(lcScheduler).noquote() << "cannot LISTEN again yet; retrying every" << m_checkMs << "ms:"
                                             << r.error().message;
        m_lost = true;
        return false;
    }
    m_lost = false;
    ++m_reconnects;
    qCInfo(lcScheduler).noquote() << "listening for job changes again on" << m_backend->url().masked()
                                  << "; re-reading every job";
    if (m_onChange)
        m_onChange(QString()); // changes announced while nobody listened are lost: re-read everything
    return true;
}

void JobChangeListener::onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload)
{
    if (name != m_channel || source == QSqlDriver::SelfSource || !m_onChange)
        return;
    m_onChange(payload.toString());
}

} // namespace orrery
