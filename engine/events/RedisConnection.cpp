#include "RedisConnection.h"

#include "RedisQtAdapter.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <vector>

namespace orrery {

namespace {

QString replyError(const redisReply *r)
{
    if (!r)
        return QStringLiteral("connection lost");
    if (r->type == REDIS_REPLY_ERROR)
        return QString::fromUtf8(r->str, qsizetype(r->len));
    return QString();
}

} // namespace

RedisConnection::RedisConnection(RedisEndpoint endpoint, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint))
{
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        if (m_ready)
            return;
        if (m_context) {
            m_freeing = true; // not connected yet: hiredis calls no disconnect callback
            redisAsyncFree(m_context);
            m_context = nullptr;
            m_freeing = false;
        }
        fail(QStringLiteral("no connection to %1 within %2 ms").arg(m_endpoint.display()).arg(m_connectTimer.interval()));
    });
}

RedisConnection::~RedisConnection()
{
    m_freeing = true;
    if (m_context) {
        redisAsyncContext *c = m_context;
        m_context = nullptr;
        redisAsyncFree(c); // runs pending callbacks with NULL replies (ignored while freeing)
    }
}

void RedisConnection::open(int connectTimeoutMs)
{
    m_context = redisAsyncConnect(m_endpoint.host.toUtf8().constData(), m_endpoint.port);
    if (!m_context) {
        fail(QStringLiteral("cannot allocate a Redis connection"));
        return;
    }
    if (m_context->err) {
        const QString reason = QString::fromUtf8(m_context->errstr);
        m_freeing = true;
        redisAsyncFree(m_context);
        m_context = nullptr;
        m_freeing = false;
        fail(QStringLiteral("cannot connect to %1: %2").arg(m_endpoint.display(), reason));
        return;
    }
    m_context->data = this;
    m_adapter = new RedisQtAdapter(m_context, this);
    redisAsyncSetConnectCallback(m_context, &RedisConnection::onConnect); // arms the first write event
    redisAsyncSetDisconnectCallback(m_context, &RedisConnection::onDisconnect);
    m_connectTimer.start(connectTimeoutMs);
}

void RedisConnection::onConnect(const redisAsyncContext *context, int status)
{
    auto *self = static_cast<RedisConnection *>(context->data);
    if (!self || self->m_freeing)
        return;
    if (status != REDIS_OK) {
        // hiredis frees the context when this callback returns.
        const QString reason = QString::fromUtf8(context->errstr);
        self->m_context = nullptr;
        self->m_connectTimer.stop();
        self->fail(QStringLiteral("cannot connect to %1: %2").arg(self->m_endpoint.display(), reason));
        return;
    }
    self->handshake();
}

void RedisConnection::handshake()
{
    // AUTH and SELECT are pipelined; ready() once the last of them (or a PING) is answered.
    QList<QList<QByteArray>> steps;
    if (!m_endpoint.password.isEmpty()) {
        if (m_endpoint.user.isEmpty())
            steps.append({"AUTH", m_endpoint.password.toUtf8()});
        else
            steps.append({"AUTH", m_endpoint.user.toUtf8(), m_endpoint.password.toUtf8()});
    }
    if (m_endpoint.db != 0)
        steps.append({"SELECT", QByteArray::number(m_endpoint.db)});
    if (steps.isEmpty())
        steps.append({"PING"});
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const bool last = i == steps.size() - 1;
        const QByteArray what = steps[i].front();
        command(steps[i], [this, last, what](const redisReply *r) {
            const QString err = replyError(r);
            if (!err.isEmpty()) {
                fail(QStringLiteral("%1 on %2 failed: %3").arg(QString::fromLatin1(what), m_endpoint.display(), err));
                return;
            }
            if (last && !m_failed) {
                m_connectTimer.stop();
                m_ready = true;
                QMetaObject::invokeMethod(this, [this] { Q_EMIT ready(); }, Qt::QueuedConnection);
            }
        });
    }
}

void RedisConnection::onDisconnect(const redisAsyncContext *context, int status)
{
    auto *self = static_cast<RedisConnection *>(context->data);
    if (!self)
        return;
    self->m_context = nullptr; // hiredis frees it when this callback returns
    self->m_ready = false;
    if (self->m_freeing)
        return;
    const QString reason = status == REDIS_OK ? QStringLiteral("closed") : QString::fromUtf8(context->errstr);
    self->fail(QStringLiteral("connection to %1 lost: %2").arg(self->m_endpoint.display(), reason));
}

bool RedisConnection::command(const QList<QByteArray> &argv, ReplyFn reply)
{
    if (!m_context || m_failed)
        return false;
    std::vector<const char *> args;
    std::vector<size_t> lens;
    args.reserve(size_t(argv.size()));
    lens.reserve(size_t(argv.size()));
    for (const QByteArray &a : argv) {
        args.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    auto *fn = new ReplyFn(std::move(reply));
    if (redisAsyncCommandArgv(m_context, &RedisConnection::onReply, fn, int(args.size()), args.data(), lens.data())
        != REDIS_OK) {
        delete fn;
        return false;
    }
    ++m_inFlight;
    return true;
}

void RedisConnection::onReply(redisAsyncContext *context, void *reply, void *privdata)
{
    auto *fn = static_cast<ReplyFn *>(privdata);
    auto *self = static_cast<RedisConnection *>(context->data);
    if (self && !self->m_freeing) {
        --self->m_inFlight;
        (*fn)(static_cast<const redisReply *>(reply));
    }
    delete fn;
}

bool RedisConnection::subscribe(const QByteArray &channel, MessageFn onMessage, std::function<void()> onSubscribed)
{
    if (!m_context || m_failed)
        return false;
    m_onMessage = std::move(onMessage);
    m_onSubscribed = std::move(onSubscribed);
    return redisAsyncCommand(m_context, &RedisConnection::onSubscription, this, "SUBSCRIBE %b", channel.constData(),
                             size_t(channel.size()))
        == REDIS_OK;
}

void RedisConnection::onSubscription(redisAsyncContext *, void *reply, void *privdata)
{
    auto *self = static_cast<RedisConnection *>(privdata);
    const auto *r = static_cast<const redisReply *>(reply);
    if (!r || self->m_freeing || r->type != REDIS_REPLY_ARRAY || r->elements < 3)
        return;
    const redisReply *kind = r->element[0];
    if (kind->type != REDIS_REPLY_STRING)
        return;
    const QByteArray k(kind->str, qsizetype(kind->len));
    if (k == "message") {
        const redisReply *payload = r->element[2];
        if (payload->type == REDIS_REPLY_STRING && self->m_onMessage)
            self->m_onMessage(QByteArray(payload->str, qsizetype(payload->len)));
    } else if (k == "subscribe") {
        if (self->m_onSubscribed)
            self->m_onSubscribed();
    }
}

void RedisConnection::fail(const QString &reason)
{
    if (m_failed)
        return;
    m_failed = true;
    m_ready = false;
    m_connectTimer.stop();
    QMetaObject::invokeMethod(this, [this, reason] { Q_EMIT failed(reason); }, Qt::QueuedConnection);
}

} // namespace orrery
