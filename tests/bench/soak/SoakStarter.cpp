#include "SoakStarter.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace orrery::bench {

SoakStarter::SoakStarter(QString baseUrl, QByteArray token, QString workflowName, QString projectPrefix, int rooms,
                         double perSecond, QObject *parent)
    : QObject(parent), m_baseUrl(std::move(baseUrl)), m_token(std::move(token)), m_workflowName(std::move(workflowName)),
      m_projectPrefix(std::move(projectPrefix)), m_rooms(std::max(1, rooms)), m_perSecond(perSecond)
{
    for (int i = 0; i < kManagers; ++i)
        m_nams.push_back(std::make_unique<QNetworkAccessManager>());
    m_timer.setInterval(5);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SoakStarter::pump);
}

void SoakStarter::start()
{
    m_clock.start();
    m_next = 0;
    m_timer.start();
}

void SoakStarter::stop()
{
    m_timer.stop();
}

SoakStarter::Window SoakStarter::take()
{
    Window w = std::move(m_window);
    m_window = Window();
    return w;
}

void SoakStarter::pump()
{
    const qint64 due = qint64(double(m_clock.nsecsElapsed()) / 1e9 * m_perSecond);
    while (m_next < due) {
        if (m_outstanding >= kMaxOutstanding) {
            m_window.skipped += due - m_next;
            m_skippedTotal += due - m_next;
            m_next = due;
            break;
        }
        send(m_next++);
    }
}

void SoakStarter::send(qint64 n)
{
    QUrl url(m_baseUrl + QStringLiteral("/api/workflow/") + m_workflowName);
    url.setQuery(QUrlQuery{{QStringLiteral("projectId"), m_projectPrefix + QString::number(n % m_rooms)}});
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + m_token);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    req.setTransferTimeout(30000);
    ++m_outstanding;
    QElapsedTimer sent;
    sent.start();
    QNetworkReply *reply = m_nams[size_t(n % kManagers)]->post(req, QByteArray("{\"n\":") + QByteArray::number(n) + '}');
    connect(reply, &QNetworkReply::finished, this, [this, reply, sent] {
        reply->deleteLater();
        --m_outstanding;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200 && reply->error() == QNetworkReply::NoError) {
            ++m_window.accepted;
            ++m_acceptedTotal;
            ++m_window.latencyMs[int(sent.elapsed())];
        } else {
            ++m_window.failed;
            ++m_failedTotal;
            const QByteArray body = status > 0 ? reply->readAll().left(200) : QByteArray();
            m_window.lastError = QStringLiteral("HTTP %1 %2 %3").arg(status).arg(reply->errorString(), QString::fromUtf8(body));
        }
    });
}

} // namespace orrery::bench
