#include "ConductorHealthCheck.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace orrery {

QUrl ConductorHealthCheck::healthUrl(const QString &conductorUrl)
{
    QUrl url(conductorUrl.trimmed());
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/health"));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

HealthCheckResult ConductorHealthCheck::run(const QString &conductorUrl, int timeoutMs)
{
    if (conductorUrl.trimmed().isEmpty())
        return HealthCheckResult::skipped(QStringLiteral("no remote Conductor configured (--conductor-url)"));
    const QUrl url = healthUrl(conductorUrl);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
        return HealthCheckResult::failed(QStringLiteral("conductor-url \"%1\" is not an http(s)://host[:port] URL")
                                             .arg(url.toDisplayString(QUrl::RemoveUserInfo)));
    const QString shown = url.toDisplayString(QUrl::RemoveUserInfo);
    const QJsonObject details{{QStringLiteral("url"), shown}};

    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setRawHeader("Accept", "application/json");
    QElapsedTimer elapsed;
    elapsed.start();
    QNetworkReply *reply = network.get(request);
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    const double latency = elapsed.nsecsElapsed() / 1e6;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    const QNetworkReply::NetworkError error = reply->error();
    const QString errorText = reply->errorString();
    reply->deleteLater();
    QJsonObject d = details;
    if (status > 0)
        d.insert(QStringLiteral("httpStatus"), status);

    if (status == 0) {
        const QString why = error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError
            ? QStringLiteral("no answer within %1 ms").arg(timeoutMs)
            : errorText;
        return HealthCheckResult::failed(QStringLiteral("GET %1 failed: %2").arg(shown, why), -1, d);
    }
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    if (status < 200 || status > 299)
        return HealthCheckResult::failed(QStringLiteral("GET %1 answered HTTP %2").arg(shown).arg(status), latency, d);
    if (!json.value(QStringLiteral("healthy")).isBool())
        return HealthCheckResult::failed(QStringLiteral("GET %1 answered HTTP %2 without a boolean \"healthy\": %3")
                                             .arg(shown).arg(status).arg(QString::fromUtf8(body.left(200))),
                                         latency, d);
    if (!json.value(QStringLiteral("healthy")).toBool())
        return HealthCheckResult::failed(QStringLiteral("the Conductor at %1 reports \"healthy\": false").arg(shown), latency, d);
    return HealthCheckResult::ok(latency, QStringLiteral("the Conductor at %1 is healthy").arg(shown), d);
}

} // namespace orrery
