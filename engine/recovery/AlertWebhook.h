#pragma once

#include "DlqConfig.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>
#include <deque>

class QNetworkAccessManager;
class QNetworkReply;

namespace orrery {

class CircuitBreaker;
class Clock;

// Delivers DLQ alerts to an HTTP endpoint: one POST of the alert JSON at a time, in order.
// A failed POST is classified (ErrorClassifier built-ins: no response, 408, 429, 5xx transient;
// other 4xx terminal) and retried per config.retry; a terminal failure or a spent budget drops
// the alert (gaveUp). A circuit breaker named "webhook" guards the endpoint: while it is open,
// alerts wait without spending an attempt. At most config.maxQueued alerts wait; beyond, the
// oldest is dropped. Lives on one thread (the DLQ's); timers run in the injected clock's time,
// and processDue() lets virtual-time tests drive it.
class AlertWebhook : public QObject
{
    Q_OBJECT

public:
    AlertWebhook(WebhookConfig config, const Clock *clock, quint32 seed, QObject *parent = nullptr);
    ~AlertWebhook() override;

    bool enabled() const { return !m_config.url.isEmpty(); }
    void enqueue(const QJsonObject &alert);
    // Sends what is due (called by its timer; tests call it after moving a ManualClock).
    void processDue();
    // Aborts a POST in flight and stops the timer (alerts still queued are kept, not sent).
    void stop();

    CircuitBreaker *breaker() const { return m_breaker; }
    int queued() const { return int(m_queue.size()); }
    bool busy() const { return !m_inFlight.isNull(); }
    // {url (credentials masked), queued, inFlight, delivered, gaveUp, dropped, lastError, nextAttemptInMs}
    QJsonObject toJson() const;

signals:
    void delivered(const QJsonObject &alert, int attempts);
    void gaveUp(const QJsonObject &alert, const QString &reason);

private:
    struct Pending
    {
        QJsonObject alert;
        int attempts = 0;     // POSTs made
        qint64 firstMs = 0;   // first POST (for the retry budget)
        qint64 dueMs = 0;
    };

    void send(Pending &p);
    void onFinished(QNetworkReply *reply);
    void arm();

    WebhookConfig m_config;
    const Clock *m_clock;
    QRandomGenerator m_rng;
    CircuitBreaker *m_breaker;
    QNetworkAccessManager *m_nam = nullptr;
    QPointer<QNetworkReply> m_inFlight;
    std::deque<Pending> m_queue;
    QTimer m_timer;
    quint64 m_delivered = 0;
    quint64 m_gaveUp = 0;
    quint64 m_dropped = 0;
    QString m_lastError;
};

} // namespace orrery
