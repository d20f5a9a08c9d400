#include "AlertWebhook.h"

#include "CircuitBreaker.h"
#include "ErrorClassifier.h"

#include "core/Clock.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

Q_LOGGING_CATEGORY(lcWebhook, "orrery.dlq.webhook")

namespace orrery {

AlertWebhook::AlertWebhook(WebhookConfig config, const Clock *clock, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(clock)
    , m_rng(seed)
    , m_breaker(new CircuitBreaker(QStringLiteral("webhook"), m_config.breaker, clock, this))
    , m_timer(this)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AlertWebhook::processDue);
}

AlertWebhook::~AlertWebhook() { stop(); }

void AlertWebhook::stop()
{
    m_timer.stop();
    if (QNetworkReply *r = m_inFlight.data()) {
        m_inFlight.clear();
        disconnect(r, nullptr, this, nullptr);
        r->abort();
        r->deleteLater();
    }
}

void AlertWebhook::enqueue(const QJsonObject &alert)
{
    if (!enabled())
        return;
    while (int(m_queue.size()) >= m_config.maxQueued) {
        const bool frontInFlight = busy() && m_queue.size() == 1;
        if (frontInFlight)
            break;
        // Never drop the one being POSTed (index 0 while busy): drop the oldest waiting one.
        m_queue.erase(m_queue.begin() + (busy() ? 1 : 0));
        ++m_dropped;
        qCWarning(lcWebhook) << "DLQ alert webhook queue full: dropped the oldest waiting alert";
    }
    m_queue.push_back(Pending{alert, 0, 0, m_clock->nowMs()});
    processDue();
}

void AlertWebhook::processDue()
{
    if (busy() || m_queue.empty())
        return;
    const qint64 now = m_clock->nowMs();
    Pending &p = m_queue.front();
    if (p.dueMs > now) {
        arm();
        return;
    }
    if (!m_breaker->tryAcquire()) {
        p.dueMs = now + std::max<qint64>(100, m_breaker->retryAfterMs()); // waits, no attempt spent
        arm();
        return;
    }
    send(p);
}

void AlertWebhook::send(Pending &p)
{
    if (!m_nam)
        m_nam = new QNetworkAccessManager(this); // created on the thread that uses it
    if (p.attempts == 0)
        p.firstMs = m_clock->nowMs();
    ++p.attempts;
    QNetworkRequest request{QUrl(m_config.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (auto it = m_config.headers.cbegin(); it != m_config.headers.cend(); ++it)
        request.setRawHeader(it.key().toUtf8(), it.value().toUtf8());
    request.setTransferTimeout(m_config.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_nam->post(request, QJsonDocument(p.alert).toJson(QJsonDocument::Compact));
    m_inFlight = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void AlertWebhook::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_inFlight.data() != reply || m_queue.empty())
        return;
    m_inFlight.clear();
    const qint64 now = m_clock->nowMs();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300) {
        m_breaker->recordSuccess();
        const Pending done = m_queue.front();
        m_queue.pop_front();
        ++m_delivered;
        m_lastError.clear();
        emit delivered(done.alert, done.attempts);
        processDue();
        return;
    }
    FailureFacts facts;
    if (status > 0) {
        facts = FailureFacts::http(status, QStringLiteral("HTTP %1").arg(status));
        m_lastError = QStringLiteral("HTTP %1").arg(status);
    } else {
        const char *name = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error());
        facts = FailureFacts::network(QString::fromLatin1(name ? name : "UnknownNetworkError"), reply->errorString());
        m_lastError = facts.errorCode;
    }
    const ErrorClassifier::Classification verdict = ErrorClassifier().classify(facts);
    m_breaker->recordFailure(!verdict.isTerminal(), m_lastError);
    Pending &p = m_queue.front();
    const RetryDecision decision = m_config.retry.decide(TaskFailureStatus::Failed, p.attempts - 1, p.firstMs, now,
                                                         m_rng, verdict.isTerminal());
    if (decision.retry) {
        p.dueMs = now + decision.delayMs;
        qCInfo(lcWebhook).noquote() << QStringLiteral("DLQ alert webhook POST failed (%1); retrying in %2 ms")
                                           .arg(m_lastError).arg(decision.delayMs);
    } else {
        const Pending failed = p;
        m_queue.pop_front();
        ++m_gaveUp;
        qCWarning(lcWebhook).noquote() << QStringLiteral("DLQ alert webhook gave up after %1 attempt(s): %2 (%3)")
                                              .arg(failed.attempts).arg(decision.message, m_lastError);
        emit gaveUp(failed.alert, QStringLiteral("%1 (%2)").arg(decision.message, m_lastError));
    }
    processDue();
}

void AlertWebhook::arm()
{
    if (m_queue.empty() || busy())
        return;
    const qint64 wait = std::max<qint64>(0, m_queue.front().dueMs - m_clock->nowMs());
    m_timer.start(int(std::min<qint64>(wait, 24LL * 3600 * 1000)));
}

QJsonObject AlertWebhook::toJson() const
{
    QUrl url(m_config.url);
    if (!url.password().isEmpty())
        url.setPassword(QStringLiteral("***"));
    QJsonObject o{{QStringLiteral("enabled"), enabled()},
                  {QStringLiteral("url"), url.toString()},
                  {QStringLiteral("queued"), queued()},
                  {QStringLiteral("inFlight"), busy()},
                  {QStringLiteral("delivered"), double(m_delivered)},
                  {QStringLiteral("gaveUp"), double(m_gaveUp)},
                  {QStringLiteral("dropped"), double(m_dropped)}};
    if (!m_lastError.isEmpty())
        o.insert(QStringLiteral("lastError"), m_lastError);
    if (!m_queue.empty() && !busy())
        o.insert(QStringLiteral("nextAttemptInMs"), double(std::max<qint64>(0, m_queue.front().dueMs - m_clock->nowMs())));
    return o;
}

} // namespace orrery
