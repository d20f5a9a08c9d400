#include "HaClient.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QTimer>

namespace orrery::test {

HaClient::Answer HaClient::request(const QByteArray &method, const QString &url, const QByteArray &body, int timeoutMs,
                                   const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest req{QUrl(url)};
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token);
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Answer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    a.activeUrl = QString::fromUtf8(reply->rawHeader("X-Orrery-Active-Url"));
    a.retryAfter = reply->rawHeader("Retry-After");
    a.forwardedTo = QString::fromUtf8(reply->rawHeader("X-Orrery-Forwarded-To"));
    reply->deleteLater();
    return a;
}

} // namespace orrery::test
