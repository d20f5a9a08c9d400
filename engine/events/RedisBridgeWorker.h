#pragma once

#include "EventQueue.h"
#include "ReconnectBackoff.h"
#include "RedisBridgeConfig.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>

namespace orrery {

class CircuitBreaker;
class Clock;
class EventBus;
class RedisConnection;

// The Redis fan-out, on the thread it lives on (RedisBridge runs it on a thread of its own).
//
// Out: every LOCAL event of the bus (except heartbeat and gap, which are per instance) is
// PUBLISHed once on the channel in a RedisEnvelope with this instance's origin and the next
// sequence number. In: every message on the channel from ANOTHER origin is published on the
// local bus as a remote event, exactly once (own echoes and repeated sequence numbers are
// dropped). So with any number of instances, each event reaches each instance once.
//
// Failure handling: two connections (a subscribed one cannot publish). If either fails, both are
// dropped, local delivery goes on, events meant for Redis are counted as unsent (their sequence
// numbers are still used, so the others see the jump), and reconnects back off exponentially
// with jitter behind a circuit breaker ("redis"; its transitions are breaker_state_changed
// events). Once back, the bridge raises a local `gap` for the outage and publishes a sync
// message with its sequence number so that every other instance can tell its clients what they
// missed from this one.
class RedisBridgeWorker : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Connecting, Connected, Waiting };
    static QString stateName(State s);

    struct Stats
    {
        State state = State::Idle;
        QString breakerState = QStringLiteral("CLOSED");
        quint64 published = 0;     // PUBLISHes sent
        quint64 publishErrors = 0; // error replies
        quint64 unsent = 0;        // local events that never reached Redis (outage, overflow)
        quint64 received = 0;      // messages from the channel
        quint64 delivered = 0;     // remote events put on the local bus
        quint64 ownEchoes = 0;
        quint64 duplicates = 0;
        quint64 malformed = 0;
        quint64 remoteGaps = 0;    // sequence jumps seen from other instances
        quint64 missedRemote = 0;  // events those jumps stand for
        quint64 outages = 0;
        quint64 connects = 0;      // successful (re)connections
        quint64 attempts = 0;
        qint64 connectedSinceMs = 0;
        qint64 outageSinceMs = 0;
        int inFlight = 0;
        QString lastError;
    };

    RedisBridgeWorker(RedisBridgeConfig config, EventBus *bus, QObject *parent = nullptr);
    ~RedisBridgeWorker() override;

    // Call on the worker's thread.
    void start();
    void shutdown();

    Stats stats() const; // any thread
    const QString &origin() const { return m_config.origin; }

private:
    void connectNow();
    void onReady();
    void onSubscribed();
    void onFailed(const QString &reason);
    void teardown();
    void publishSync();
    void postDrain();
    void drain();
    void onMessage(const QByteArray &payload);
    void raiseGap(const QString &reason, quint64 missed, qint64 sinceMs, qint64 untilMs, const QString &origin);
    void onBreakerChanged(const QString &name, const QString &from, const QString &to, const QString &reason);
    void setState(State s);
    template<typename F> void updateStats(F &&f);

    RedisBridgeConfig m_config;
    EventBus *m_bus;
    Clock *m_clock;
    std::shared_ptr<EventQueue> m_queue;
    CircuitBreaker *m_breaker;
    ReconnectBackoff m_backoff;
    QTimer m_retryTimer{this}; // a child: moves with the worker to its thread
    QTimer m_syncTimer{this};
    QPointer<RedisConnection> m_pub;
    QPointer<RedisConnection> m_sub;
    int m_readyCount = 0;
    State m_state = State::Idle;
    quint64 m_seq = 0;
    QHash<QString, quint64> m_lastSeq; // origin -> last sequence number seen
    qint64 m_outageSinceMs = 0;
    quint64 m_unsentInOutage = 0;

    mutable QMutex m_statsMutex;
    Stats m_stats;
};

} // namespace orrery
