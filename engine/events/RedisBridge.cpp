#include "RedisBridge.h"

#include "RedisBridgeWorker.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QThread>

namespace orrery {

RedisBridge::RedisBridge(RedisBridgeConfig config, EventBus *bus) : m_config(std::move(config)), m_bus(bus)
{
    if (m_config.origin.isEmpty())
        m_config.origin = makeOrigin();
}

RedisBridge::~RedisBridge()
{
    stop();
}

QString RedisBridge::makeOrigin()
{
    return QStringLiteral("%1-%2-%3")
        .arg(QSysInfo::machineHostName())
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
}

QString RedisBridge::origin() const
{
    return m_config.origin;
}

Result<void> RedisBridge::start()
{
    if (m_thread)
        return Error::conflict(QStringLiteral("The Redis bridge is already running."));
    if (m_config.endpoint.host.isEmpty())
        return Error::invalid(QStringLiteral("redis-url: no Redis host configured"));
    m_worker = new RedisBridgeWorker(m_config, m_bus); // no parent: moved to the thread, deleted in stop()
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("orrery-redis"));
    m_worker->moveToThread(m_thread.get());
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &RedisBridgeWorker::start, Qt::BlockingQueuedConnection);
    return {};
}

void RedisBridge::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(m_worker, &RedisBridgeWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker; // its thread has finished
    m_worker = nullptr;
    m_thread.reset();
}

QJsonObject RedisBridge::stats() const
{
    QJsonObject o{{QStringLiteral("enabled"), true},
                  {QStringLiteral("endpoint"), m_config.endpoint.display()},
                  {QStringLiteral("channel"), m_config.channel},
                  {QStringLiteral("origin"), m_config.origin}};
    if (!m_worker) {
        o.insert(QStringLiteral("state"), QStringLiteral("stopped"));
        return o;
    }
    const RedisBridgeWorker::Stats s = m_worker->stats();
    o.insert(QStringLiteral("state"), RedisBridgeWorker::stateName(s.state));
    o.insert(QStringLiteral("breaker"), s.breakerState);
    o.insert(QStringLiteral("published"), double(s.published));
    o.insert(QStringLiteral("publishErrors"), double(s.publishErrors));
    o.insert(QStringLiteral("unsent"), double(s.unsent));
    o.insert(QStringLiteral("received"), double(s.received));
    o.insert(QStringLiteral("delivered"), double(s.delivered));
    o.insert(QStringLiteral("ownEchoes"), double(s.ownEchoes));
    o.insert(QStringLiteral("duplicates"), double(s.duplicates));
    o.insert(QStringLiteral("malformed"), double(s.malformed));
    o.insert(QStringLiteral("remoteGaps"), double(s.remoteGaps));
    o.insert(QStringLiteral("missedRemote"), double(s.missedRemote));
    o.insert(QStringLiteral("outages"), double(s.outages));
    o.insert(QStringLiteral("connects"), double(s.connects));
    o.insert(QStringLiteral("attempts"), double(s.attempts));
    o.insert(QStringLiteral("inFlight"), s.inFlight);
    if (s.connectedSinceMs)
        o.insert(QStringLiteral("connectedSince"), s.connectedSinceMs);
    if (s.outageSinceMs)
        o.insert(QStringLiteral("outageSince"), s.outageSinceMs);
    if (!s.lastError.isEmpty())
        o.insert(QStringLiteral("lastError"), s.lastError);
    return o;
}

} // namespace orrery
