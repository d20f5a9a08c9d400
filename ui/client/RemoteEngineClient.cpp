#include "RemoteEngineClient.h"

#include "EventBatcher.h"
#include "RestApi.h"
#include "SocketIoEventStream.h"
#include "core/Clock.h"

#include <QJsonArray>
#include <memory>

namespace orrery {

namespace {
constexpr int kMaxBackoffMs = 30'000;
constexpr int kOverlapMs = 2'000; // re-read a little of the previous window: commits trail events
}

RemoteEngineClient::RemoteEngineClient(const QUrl &url, const QString &token, Clock *clock, QObject *parent)
    : EngineClient(parent)
    , m_url(url)
    , m_clock(clock)
    , m_batcher(new EventBatcher(this))
{
    rest()->setBaseUrl(url);
    rest()->setToken(token);
    m_token = token;
    rest()->setTimeoutMs(10'000);
    m_pollTimer.setInterval(1000);
    m_retryTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &RemoteEngineClient::poll);
    connect(&m_retryTimer, &QTimer::timeout, this, &RemoteEngineClient::tryConnect);
    m_streamRetryTimer.setSingleShot(true);
    connect(&m_streamRetryTimer, &QTimer::timeout, this, &RemoteEngineClient::openStream);
    connect(m_batcher, &EventBatcher::batchReady, this, &EngineClient::deltas);
    connect(this, &EngineClient::deltas, this, [this](const DeltaBatch &b) {
        if (b.resync)
            m_taskStatus.clear();
        for (const QJsonObject &t : b.tasks)
            m_taskStatus.insert(t.value(QStringLiteral("taskId")).toString(), t.value(QStringLiteral("status")).toString());
    });
}

void RemoteEngineClient::open()
{
    m_open = true;
    m_backoffMs = 1000;
    setState(State::Connecting, tr("Connecting to %1").arg(m_url.toString()));
    tryConnect();
}

bool RemoteEngineClient::streaming() const
{
    return m_stream && m_stream->isJoined();
}

void RemoteEngineClient::openStream()
{
    if (!m_open || state() != State::Connected)
        return;
    if (m_stream)
        m_stream->deleteLater();
    m_stream = new SocketIoEventStream(m_url, m_token, this);
    SocketIoEventStream *stream = m_stream;
    EventBatcher *batcher = m_batcher;
    connect(stream, &SocketIoEventStream::event, batcher, [batcher](const EngineEvent &e) { batcher->add(e); });
    connect(stream, &SocketIoEventStream::joined, this, [this, stream](const QString &nsp) {
        if (stream != m_stream)
            return;
        m_streamBackoffMs = 1000;
        m_pollTimer.stop();
        m_batcher->start();
        setState(State::Connected, tr("live events from the Socket.IO hub (%1)").arg(nsp));
        resync(); // covers what changed between the last poll and the join
    });
    connect(stream, &SocketIoEventStream::gap, this, [this, stream](const QString &) {
        if (stream == m_stream)
            resync();
    });
    connect(stream, &SocketIoEventStream::lost, this, [this, stream](const QString &reason) {
        if (stream == m_stream)
            onStreamLost(reason);
    });
    stream->open();
}

void RemoteEngineClient::onStreamLost(const QString &reason)
{
    m_batcher->stop();
    (void)m_batcher->take();
    if (!m_open)
        return;
    if (state() == State::Connected && !m_pollTimer.isActive()) {
        m_since = m_clock->nowMs() - kOverlapMs;
        resync();
        m_pollTimer.start();
        setState(State::Connected, tr("%1 Polling the REST API instead.").arg(reason));
    }
    m_streamRetryTimer.start(m_streamBackoffMs);
    m_streamBackoffMs = std::min(kMaxBackoffMs, m_streamBackoffMs * 2);
}

void RemoteEngineClient::close()
{
    m_open = false;
    m_pollTimer.stop();
    m_retryTimer.stop();
    m_streamRetryTimer.stop();
    m_batcher->stop();
    if (m_stream) {
        m_stream->close();
        m_stream->deleteLater();
        m_stream = nullptr;
    }
    rest()->abortAll();
    m_polling = false;
    setState(State::Disconnected);
}

QString RemoteEngineClient::description() const
{
    return m_url.toString();
}

QString RemoteEngineClient::liveSource() const
{
    if (streaming())
        return tr("Socket.IO hub %1, batched").arg(m_stream->nameSpace());
    return tr("REST polling every %1 ms").arg(m_pollTimer.interval());
}

void RemoteEngineClient::tryConnect()
{
    if (!m_open)
        return;
    rest()->get(QStringLiteral("/api/version"), {}, [this](Result<RestApi::Response> r) {
        if (!m_open)
            return;
        if (!r.ok()) {
            if (r.error().kind == Error::Kind::Unauthorized || r.error().kind == Error::Kind::Forbidden) {
                m_open = false;
                setState(State::Disconnected, r.error().message);
                Q_EMIT errorOccurred(r.error().message);
                return;
            }
            return scheduleReconnect(r.error().message);
        }
        m_backoffMs = 1000;
        m_since = m_clock->nowMs() - kOverlapMs;
        setState(State::Connected, tr("Connected to %1 (server %2)").arg(m_url.toString(), QString::fromUtf8(r->body).trimmed()));
        resync();
        m_pollTimer.start();
        m_streamBackoffMs = 1000;
        openStream();
    });
}

void RemoteEngineClient::scheduleReconnect(const QString &why)
{
    m_pollTimer.stop();
    m_streamRetryTimer.stop();
    m_batcher->stop();
    if (m_stream) {
        m_stream->deleteLater();
        m_stream = nullptr;
    }
    m_polling = false;
    setState(State::Reconnecting, tr("%1 — retrying in %2 s").arg(why).arg(m_backoffMs / 1000.0, 0, 'f', 1));
    m_retryTimer.start(m_backoffMs);
    m_backoffMs = std::min(kMaxBackoffMs, m_backoffMs * 2);
}

void RemoteEngineClient::poll()
{
    if (m_polling || !m_open)
        return; // the previous poll is still out: never pile up requests
    m_polling = true;
    const qint64 from = m_since;
    const qint64 now = m_clock->nowMs();
    auto batch = std::make_shared<DeltaBatch>();
    batch->timeMs = now;
    auto pending = std::make_shared<int>(2);
    auto failed = std::make_shared<QString>();
    auto done = [this, batch, pending, failed, now] {
        if (--*pending > 0)
            return;
        m_polling = false;
        if (!failed->isEmpty())
            return scheduleReconnect(*failed);
        m_since = now - kOverlapMs;
        finishPoll(std::move(*batch));
    };
    QUrlQuery wq;
    wq.addQueryItem(QStringLiteral("query"), QStringLiteral("updateTime>=%1").arg(from));
    wq.addQueryItem(QStringLiteral("sort"), QStringLiteral("updateTime:DESC"));
    wq.addQueryItem(QStringLiteral("size"), QStringLiteral("1000"));
    searchWorkflows(wq, [batch, failed, done](Result<QJsonObject> r) {
        if (!r.ok())
            *failed = r.error().message;
        else
            for (const QJsonValue &v : r->value(QStringLiteral("results")).toArray())
                batch->workflows.append(v.toObject());
        done();
    });
    QUrlQuery tq;
    tq.addQueryItem(QStringLiteral("from"), QString::number(from));
    tq.addQueryItem(QStringLiteral("sort"), QStringLiteral("updateTime:DESC"));
    tq.addQueryItem(QStringLiteral("size"), QStringLiteral("1000"));
    searchTasks(tq, [batch, failed, done](Result<QJsonObject> r) {
        if (!r.ok())
            *failed = r.error().message;
        else
            for (const QJsonValue &v : r->value(QStringLiteral("results")).toArray())
                batch->tasks.append(v.toObject());
        done();
    });
}

void RemoteEngineClient::finishPoll(DeltaBatch batch)
{
    for (const QJsonObject &t : std::as_const(batch.tasks)) {
        const QString id = t.value(QStringLiteral("taskId")).toString();
        const QString status = t.value(QStringLiteral("status")).toString();
        const QString before = m_taskStatus.value(id);
        if (before == status)
            continue;
        m_taskStatus.insert(id, status);
        if (status == QLatin1String("COMPLETED"))
            ++batch.tasksCompleted;
        else if (status == QLatin1String("FAILED") || status == QLatin1String("FAILED_WITH_TERMINAL_ERROR")
                 || status == QLatin1String("TIMED_OUT"))
            ++batch.tasksFailed;
    }
    if (!batch.isEmpty())
        Q_EMIT deltas(batch);
}

} // namespace orrery
