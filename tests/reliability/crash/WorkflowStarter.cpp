#include "WorkflowStarter.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace orrery::test {

namespace {
constexpr int kMaxInFlight = 8;
}

WorkflowStarter::WorkflowStarter(int total, double perSecond, std::function<QString(int)> kindOf, QObject *parent)
    : QObject(parent), m_total(total), m_perSecond(perSecond), m_kindOf(std::move(kindOf))
{
    m_timer.setInterval(20);
    connect(&m_timer, &QTimer::timeout, this, &WorkflowStarter::pump);
}

void WorkflowStarter::attach(const QString &baseUrl, const QByteArray &token)
{
    m_baseUrl = baseUrl;
    m_token = token;
    m_attached = true;
    m_clock.start();
    m_timer.start();
}

void WorkflowStarter::detach()
{
    if (m_attached)
        m_activeMs += m_clock.elapsed();
    m_attached = false;
    m_timer.stop();
}

void WorkflowStarter::pump()
{
    if (!m_attached)
        return;
    const qint64 activeMs = m_activeMs + m_clock.elapsed();
    const int due = std::min<qint64>(m_total, qint64(activeMs * m_perSecond / 1000.0) + 1);
    while (m_next < due && m_inFlight < kMaxInFlight)
        send(m_next++);
}

void WorkflowStarter::send(int n)
{
    QUrl url(m_baseUrl + QStringLiteral("/api/workflow/") + m_kindOf(n));
    url.setQuery(QUrlQuery{{QStringLiteral("correlationId"), correlationOf(n)}});
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + m_token);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    req.setTransferTimeout(20000);
    ++m_inFlight;
    QNetworkReply *reply = m_nam.post(req, QByteArray("{\"n\":") + QByteArray::number(n) + '}');
    connect(reply, &QNetworkReply::finished, this, [this, reply, n] {
        reply->deleteLater();
        --m_inFlight;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status == 200 && reply->error() == QNetworkReply::NoError)
            m_accepted.insert(n, QString::fromUtf8(body).trimmed());
        else if (status >= 400 && status < 500)
            m_refusals.append(QStringLiteral("start %1: HTTP %2 %3").arg(n).arg(status).arg(QString::fromUtf8(body)));
        else
            m_ambiguous.insert(n); // no answer (the process died) or a 5xx
        if (m_attached)
            pump();
    });
}

} // namespace orrery::test
