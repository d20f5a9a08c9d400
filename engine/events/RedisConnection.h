#pragma once

#include "RedisEndpoint.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTimer>
#include <functional>

struct redisAsyncContext;
struct redisReply;

namespace orrery {

class RedisQtAdapter;

// One asynchronous hiredis connection on the Qt event loop of its thread (RedisQtAdapter).
// open() connects (with a timeout hiredis itself lacks), authenticates and selects the database,
// then emits ready(). Any failure, then or later, emits failed(reason) exactly once, on a fresh
// stack (never from inside hiredis); the connection is then dead: delete it (deleteLater) and
// make a new one.
class RedisConnection : public QObject
{
    Q_OBJECT

public:
    // nullptr: the connection went away before the reply came.
    using ReplyFn = std::function<void(const redisReply *reply)>;
    using MessageFn = std::function<void(const QByteArray &payload)>;

    explicit RedisConnection(RedisEndpoint endpoint, QObject *parent = nullptr);
    ~RedisConnection() override; // frees the context; no callback and no signal afterwards

    void open(int connectTimeoutMs);
    bool isReady() const { return m_ready; }

    // Queues a command; false if the connection is not usable.
    bool command(const QList<QByteArray> &argv, ReplyFn reply);
    // SUBSCRIBE: `onMessage` for every message on the channel, `onSubscribed` once confirmed.
    bool subscribe(const QByteArray &channel, MessageFn onMessage, std::function<void()> onSubscribed);
    // Commands sent whose reply has not arrived yet.
    int inFlight() const { return m_inFlight; }

Q_SIGNALS:
    void ready();
    void failed(const QString &reason);

private:
    static void onConnect(const redisAsyncContext *context, int status);
    static void onDisconnect(const redisAsyncContext *context, int status);
    static void onReply(redisAsyncContext *context, void *reply, void *privdata);
    static void onSubscription(redisAsyncContext *context, void *reply, void *privdata);

    void handshake();
    void fail(const QString &reason);

    RedisEndpoint m_endpoint;
    redisAsyncContext *m_context = nullptr;
    RedisQtAdapter *m_adapter = nullptr;
    QTimer m_connectTimer;
    bool m_ready = false;
    bool m_failed = false;
    bool m_freeing = false;
    int m_inFlight = 0;
    MessageFn m_onMessage;
    std::function<void()> m_onSubscribed;
};

} // namespace orrery
