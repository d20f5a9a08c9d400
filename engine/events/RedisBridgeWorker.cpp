#include "RedisBridgeWorker.h"

#include "EventBus.h"
#include "MicroClock.h"
#include "RedisConnection.h"
#include "RedisEnvelope.h"

#include "core/Clock.h"
#include "recovery/CircuitBreaker.h"

#include <QLoggingCategory>

#include <hiredis/hiredis.h>

#include <algorithm>

Q_LOGGING_CATEGORY(lcRedisBridge, "orrery.redis")

namespace orrery {

namespace {
constexpr qsizetype kDrainBatch = 1000;
constexpr qsizetype kMaxOrigins = 1024;
} // namespace

QString RedisBridgeWorker::stateName(State s)
{
    switch (s) {
    case State::Idle: return QStringLiteral("idle");
    case State::Connecting: return QStringLiteral("connecting");
    case State::Connected: return QStringLiteral("connected");
    case State::Waiting: return QStringLiteral("disconnected");
    }
    return QString();
}

RedisBridgeWorker::RedisBridgeWorker(RedisBridgeConfig config, EventBus *bus, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_bus(bus),
      m_clock(m_config.clock ? m_config.clock : SystemClock::instance()),
      m_breaker(new CircuitBreaker(QStringLiteral("redis"), m_config.breaker, m_clock, this)),
      m_backoff(m_config.backoffInitialMs, m_config.backoffMaxMs, m_config.backoffJitter,
                m_config.seed ? m_config.seed : QRandomGenerator::system()->generate())
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &RedisBridgeWorker::connectNow);
    connect(&m_syncTimer, &QTimer::timeout, this, &RedisBridgeWorker::publishSync);
    connect(m_breaker, &CircuitBreaker::stateChanged, this, &RedisBridgeWorker::onBreakerChanged);
}

RedisBridgeWorker::~RedisBridgeWorker()
{
    shutdown();
}

template<typename F>
void RedisBridgeWorker::updateStats(F &&f)
{
    QMutexLocker lock(&m_statsMutex);
    f(m_stats);
}

RedisBridgeWorker::Stats RedisBridgeWorker::stats() const
{
    QMutexLocker lock(&m_statsMutex);
    return m_stats;
}

void RedisBridgeWorker::setState(State s)
{
    m_state = s;
    const QString breaker = CircuitBreaker::stateName(m_breaker->state());
    updateStats([&](Stats &st) {
        st.state = s;
        st.breakerState = breaker;
        st.outageSinceMs = m_outageSinceMs;
    });
}

void RedisBridgeWorker::start()
{
    EventQueue::Options options;
    options.name = QStringLiteral("redis-bridge");
    options.capacity = m_config.queueCapacity;
    options.localOnly = true; // never send back what came from Redis
    m_queue = m_bus->subscribe(options, [this] { postDrain(); });
    m_syncTimer.start(std::max(100, m_config.syncIntervalMs));
    connectNow();
}

void RedisBridgeWorker::shutdown()
{
    if (m_queue) {
        m_bus->unsubscribe(m_queue); // waits for a wake-up in flight; none after this
        m_queue.reset();
    }
    m_retryTimer.stop();
    m_syncTimer.stop();
    delete m_pub.data();
    delete m_sub.data();
    setState(State::Idle);
}

void RedisBridgeWorker::connectNow()
{
    if (!m_queue)
        return;
    if (!m_breaker->tryAcquire()) {
        const qint64 wait = std::max<qint64>(m_breaker->msUntilHalfOpen(), m_config.backoffInitialMs);
        setState(State::Waiting);
        m_retryTimer.start(int(std::min<qint64>(wait, 24 * 3600 * 1000)));
        return;
    }
    updateStats([](Stats &st) { ++st.attempts; });
    setState(State::Connecting);
    m_readyCount = 0;
    m_pub = new RedisConnection(m_config.endpoint, this);
    m_sub = new RedisConnection(m_config.endpoint, this);
    for (RedisConnection *c : {m_pub.data(), m_sub.data()}) {
        connect(c, &RedisConnection::ready, this, [this, c] {
            if (c == m_pub || c == m_sub)
                onReady();
        });
        connect(c, &RedisConnection::failed, this, [this, c](const QString &reason) {
            if (c == m_pub || c == m_sub)
                onFailed(reason);
        });
    }
    m_pub->open(m_config.connectTimeoutMs);
    m_sub->open(m_config.connectTimeoutMs);
}

void RedisBridgeWorker::onReady()
{
    if (++m_readyCount < 2)
        return;
    const bool ok = m_sub->subscribe(m_config.channel.toUtf8(), [this](const QByteArray &m) { onMessage(m); },
                                     [this] { onSubscribed(); });
    if (!ok)
        onFailed(QStringLiteral("SUBSCRIBE %1 could not be sent").arg(m_config.channel));
}

void RedisBridgeWorker::onSubscribed()
{
    if (m_state != State::Connecting)
        return;
    m_breaker->recordSuccess();
    m_backoff.reset();
    const qint64 now = m_clock->nowMs();
    const qint64 outageSince = m_outageSinceMs;
    const quint64 unsent = m_unsentInOutage;
    m_outageSinceMs = 0;
    m_unsentInOutage = 0;
    updateStats([&](Stats &st) {
        ++st.connects;
        st.connectedSinceMs = now;
    });
    setState(State::Connected);
    qCInfo(lcRedisBridge).noquote() << "Redis fan-out connected to" << m_config.endpoint.display() << "channel"
                                    << m_config.channel << "as" << m_config.origin;
    if (outageSince != 0) {
        // Our clients may have missed what other instances published meanwhile.
        raiseGap(QStringLiteral("redis_outage"), unsent, outageSince, now, QString());
    }
    publishSync(); // tell the others our sequence number, so they see what they missed from us
    drain();
}

void RedisBridgeWorker::onFailed(const QString &reason)
{
    const qint64 now = m_clock->nowMs();
    if (m_state == State::Connected) {
        updateStats([](Stats &st) { ++st.outages; });
        qCWarning(lcRedisBridge).noquote() << "Redis fan-out lost:" << reason << "- local delivery goes on";
    }
    if (m_outageSinceMs == 0)
        m_outageSinceMs = now;
    teardown();
    m_breaker->recordFailure(reason);
    updateStats([&](Stats &st) {
        st.lastError = reason;
        st.connectedSinceMs = 0;
    });
    qint64 delay = m_backoff.next();
    if (m_breaker->state() != CircuitBreaker::State::Closed)
        delay = std::max<qint64>(delay, m_breaker->msUntilHalfOpen());
    setState(State::Waiting);
    m_retryTimer.start(int(std::max<qint64>(1, delay)));
    drain(); // what piled up while connecting is unsent now
}

void RedisBridgeWorker::teardown()
{
    if (m_pub)
        m_pub->deleteLater();
    if (m_sub)
        m_sub->deleteLater();
    m_pub.clear();
    m_sub.clear();
    m_readyCount = 0;
}

void RedisBridgeWorker::publishSync()
{
    if (m_state != State::Connected || !m_pub || m_seq == 0)
        return;
    m_pub->command({"PUBLISH", m_config.channel.toUtf8(), RedisEnvelope::encodeSync(m_config.origin, m_seq)},
                   [](const redisReply *) {});
}

void RedisBridgeWorker::postDrain()
{
    QMetaObject::invokeMethod(this, &RedisBridgeWorker::drain, Qt::QueuedConnection);
}

void RedisBridgeWorker::drain()
{
    if (!m_queue || m_state == State::Connecting || m_state == State::Idle)
        return; // the queue holds them until the connection is up or has failed
    const bool connected = m_state == State::Connected && m_pub && m_pub->isReady();
    if (connected && m_pub->inFlight() >= m_config.maxInFlight)
        return; // resumed by the replies
    EventQueue::Batch batch = m_queue->take(kDrainBatch);
    quint64 unsent = batch.dropped;
    m_seq += batch.dropped; // lost before we saw them: the others must see the jump
    quint64 published = 0;
    const QByteArray channel = m_config.channel.toUtf8();
    for (const EventPtr &e : batch.events) {
        if (e->isInstanceOnly())
            continue; // gap, heartbeat, this bridge's own breaker
        ++m_seq;
        if (!connected) {
            ++unsent;
            continue;
        }
        const bool sent = m_pub->command({"PUBLISH", channel, RedisEnvelope::encodeEvent(m_config.origin, m_seq, *e)},
                                         [this](const redisReply *r) {
                                             if (r && r->type == REDIS_REPLY_ERROR)
                                                 updateStats([](Stats &st) { ++st.publishErrors; });
                                             if (m_pub && m_pub->inFlight() == m_config.maxInFlight / 2 && m_queue
                                                 && m_queue->size() > 0)
                                                 postDrain();
                                         });
        if (sent)
            ++published;
        else
            ++unsent;
    }
    if (m_outageSinceMs != 0)
        m_unsentInOutage += unsent;
    const int inFlight = m_pub ? m_pub->inFlight() : 0;
    updateStats([&](Stats &st) {
        st.published += published;
        st.unsent += unsent;
        st.inFlight = inFlight;
    });
    if (batch.more)
        postDrain();
}

void RedisBridgeWorker::onMessage(const QByteArray &payload)
{
    updateStats([](Stats &st) { ++st.received; });
    auto decoded = RedisEnvelope::decode(payload);
    if (!decoded.ok()) {
        updateStats([&](Stats &st) {
            ++st.malformed;
            st.lastError = decoded.error().message;
        });
        return;
    }
    const RedisEnvelope &env = decoded.value();
    if (env.origin == m_config.origin) {
        updateStats([](Stats &st) { ++st.ownEchoes; });
        return;
    }
    auto it = m_lastSeq.find(env.origin);
    if (it != m_lastSeq.end()) {
        if (env.seq <= it.value()) {
            if (env.kind == RedisEnvelope::Kind::Event)
                updateStats([](Stats &st) { ++st.duplicates; });
            return;
        }
        // An event's number says "every number before mine was used"; a sync's says "every
        // number up to mine was used".
        const quint64 lost = env.kind == RedisEnvelope::Kind::Sync ? env.seq - it.value() : env.seq - it.value() - 1;
        if (lost > 0) {
            updateStats([&](Stats &st) {
                ++st.remoteGaps;
                st.missedRemote += lost;
            });
            const qint64 now = m_clock->nowMs();
            raiseGap(QStringLiteral("remote_gap"), lost, now, now, env.origin);
        }
        it.value() = env.seq;
    } else {
        if (m_lastSeq.size() >= kMaxOrigins)
            m_lastSeq.clear(); // instances come and go; forgetting only loses gap detection once
        m_lastSeq.insert(env.origin, env.seq);
    }
    if (env.kind == RedisEnvelope::Kind::Event) {
        m_bus->publish(env.toEvent());
        updateStats([](Stats &st) { ++st.delivered; });
    }
}

void RedisBridgeWorker::raiseGap(const QString &reason, quint64 missed, qint64 sinceMs, qint64 untilMs,
                                 const QString &origin)
{
    QJsonObject p{{QStringLiteral("reason"), reason},
                  {QStringLiteral("missed"), double(missed)},
                  {QStringLiteral("since"), sinceMs},
                  {QStringLiteral("until"), untilMs},
                  {QStringLiteral("instance"), m_config.origin}};
    if (!origin.isEmpty())
        p.insert(QStringLiteral("origin"), origin);
    m_bus->publish(EventType::Gap, QString(), p);
}

void RedisBridgeWorker::onBreakerChanged(const QString &name, const QString &from, const QString &to,
                                         const QString &reason)
{
    updateStats([&](Stats &st) { st.breakerState = to; });
    // About this instance's link to Redis: shown to this instance's admins, not fanned out.
    const QJsonObject p{{QStringLiteral("name"), name},
                        {QStringLiteral("from"), from},
                        {QStringLiteral("to"), to},
                        {QStringLiteral("reason"), reason},
                        {QStringLiteral("instance"), m_config.origin},
                        {QStringLiteral("endpoint"), m_config.endpoint.display()}};
    m_bus->publish(Event::create(EventType::BreakerStateChanged, QString(), m_clock->nowMs(), p,
                                 m_bus->microClock().nowUs(), QString(), true));
}

} // namespace orrery
