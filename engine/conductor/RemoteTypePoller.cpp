#include "RemoteTypePoller.h"

#include "ConductorClient.h"
#include "core/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

Q_DECLARE_LOGGING_CATEGORY(lcConductor)

namespace orrery {

RemoteTypePoller::RemoteTypePoller(QString taskType, ConductorClient *client, const Clock *clock,
                                   std::function<int()> freeSlots, QObject *parent)
    : QObject(parent), m_type(std::move(taskType)), m_client(client), m_clock(clock), m_freeSlots(std::move(freeSlots)),
      m_backoff(200, 30000, 0.2, QRandomGenerator::global()->generate()), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &RemoteTypePoller::wake);
}

void RemoteTypePoller::start()
{
    m_running = true;
    m_dueMs = 0;
    wake();
}

void RemoteTypePoller::stop()
{
    m_running = false;
    m_timer->stop();
}

void RemoteTypePoller::scheduleIn(qint64 ms)
{
    m_dueMs = m_clock->nowMs() + std::max<qint64>(0, ms);
    m_timer->start(int(std::clamp<qint64>(ms, 0, 60000)));
}

void RemoteTypePoller::wake()
{
    if (!m_running || m_inFlight)
        return;
    const qint64 now = m_clock->nowMs();
    if (now < m_dueMs) {
        if (!m_timer->isActive())
            m_timer->start(int(std::min<qint64>(m_dueMs - now, 60000)));
        return;
    }
    const int free = m_freeSlots();
    if (free <= 0)
        return; // a finished task wakes us
    const ConductorSettings &s = m_client->settings();
    QString path = QStringLiteral("/api/tasks/poll/batch/%1?workerid=%2&count=%3&timeout=%4")
                       .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_type)),
                            QString::fromLatin1(QUrl::toPercentEncoding(s.effectiveWorkerId())))
                       .arg(std::min(free, 100))
                       .arg(std::clamp(s.pollTimeoutMs, 1, 5000));
    if (!s.domain.isEmpty())
        path += QStringLiteral("&domain=") + QString::fromLatin1(QUrl::toPercentEncoding(s.domain));
    ConductorRequest request;
    request.path = path;
    request.timeoutMs = std::clamp(s.pollTimeoutMs, 1, 5000) + 10000;
    m_inFlight = true;
    m_startedMs = now;
    ++m_polls;
    m_client->call(std::move(request), [this](ConductorReply reply) {
        onReply(reply.status, reply.body, reply.refusedByBreaker, reply.retryAfterMs, reply.describe());
    });
}

void RemoteTypePoller::onReply(int status, const QByteArray &body, bool refused, qint64 retryAfterMs, const QString &error)
{
    m_inFlight = false;
    if (!refused)
        Q_EMIT pollSent();
    handleReply(status, body, refused, retryAfterMs, error);
    Q_EMIT pollFinished();
}

void RemoteTypePoller::handleReply(int status, const QByteArray &body, bool refused, qint64 retryAfterMs,
                                   const QString &error)
{
    if (refused) {
        --m_polls; // nothing was sent
        // The breaker paces us: ask again when it may let a call through (+ up to 10% jitter, so
        // the pollers of several types do not ask in the same millisecond).
        scheduleIn(retryAfterMs + qint64(QRandomGenerator::global()->bounded(double(retryAfterMs) / 10 + 1)));
        return;
    }
    QList<RemoteTask> tasks;
    bool ok = status == 204;
    if (status == 200) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
        if (body.trimmed().isEmpty()) {
            ok = true;
        } else if (doc.isArray()) {
            ok = true;
            for (const QJsonValue &v : doc.array())
                if (auto t = RemoteTask::fromJson(v.toObject(), m_type))
                    tasks.append(*t);
        }
    }
    if (!ok) {
        ++m_failures;
        m_lastError = status == 200 ? QStringLiteral("the batch poll answer is not a JSON array") : error;
        const int delay = m_backoff.next();
        if (m_backoff.attempts() == 1 || m_backoff.attempts() % 20 == 0)
            qCWarning(lcConductor).noquote() << "poll of" << m_type << "failed:" << m_lastError << "- next in" << delay << "ms";
        scheduleIn(delay);
        return;
    }
    m_backoff.reset();
    m_lastError.clear();
    m_tasks += quint64(tasks.size());
    const qint64 elapsed = m_clock->nowMs() - m_startedMs;
    if (tasks.isEmpty() && elapsed < kMinPollIntervalMs)
        scheduleIn(kMinPollIntervalMs - elapsed);
    else
        m_dueMs = 0;
    if (!tasks.isEmpty())
        Q_EMIT tasksPolled(tasks);
    if (m_dueMs == 0)
        QMetaObject::invokeMethod(this, &RemoteTypePoller::wake, Qt::QueuedConnection); // never recurse
}

} // namespace orrery
