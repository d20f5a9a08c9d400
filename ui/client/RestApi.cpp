#include "RestApi.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace orrery {

RestApi::RestApi(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
{
}

QUrl RestApi::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_base;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode); // segments arrive percent-encoded (EngineClient::segment)
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

void RestApi::get(const QString &path, const QUrlQuery &query, Callback cb)
{
    send("GET", path, query, {}, std::move(cb));
}

void RestApi::post(const QString &path, const QUrlQuery &query, const QByteArray &body, Callback cb)
{
    send("POST", path, query, body, std::move(cb));
}

void RestApi::abortAll()
{
    ++m_generation;
    const auto replies = m_nam->findChildren<QNetworkReply *>();
    for (QNetworkReply *r : replies)
        r->abort();
}

void RestApi::send(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body, Callback cb)
{
    QNetworkRequest req(urlFor(path, query));
    req.setTransferTimeout(m_timeoutMs);
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token);
    if (method != "GET")
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_nam->sendCustomRequest(req, method, body);
    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this, [this, reply, cb = std::move(cb), generation, path, method] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        Response r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        if (r.status == 0) {
            cb(Error::unavailable(tr("Cannot reach %1: %2").arg(m_base.toString(), reply->errorString())));
            return;
        }
        if (r.status >= 400) {
            QString message = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("message")).toString();
            if (message.isEmpty())
                message = QString::fromUtf8(r.body.left(200));
            if (r.status == 401)
                message = tr("The server refused the token (401): %1").arg(message);
            const QString text = tr("%1 %2 failed with HTTP %3: %4").arg(QString::fromLatin1(method), path).arg(r.status).arg(message);
            Error e = Error::invalid(text);
            if (r.status == 401)
                e.kind = Error::Kind::Unauthorized;
            else if (r.status == 403)
                e.kind = Error::Kind::Forbidden;
            else if (r.status == 404)
                e.kind = Error::Kind::NotFound;
            else if (r.status >= 500)
                e.kind = Error::Kind::Unavailable;
            cb(std::move(e));
            return;
        }
        cb(std::move(r));
    });
}

QString RestApi::curlFor(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body) const
{
    QString cmd = QStringLiteral("curl -sS -X %1 -H \"Authorization: Bearer $ORRERY_TOKEN\"").arg(QString::fromLatin1(method));
    if (!body.isEmpty()) {
        QString quoted = QString::fromUtf8(body);
        quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
        cmd += QStringLiteral(" -H 'Content-Type: application/json' --data '%1'").arg(quoted);
    }
    return cmd + QStringLiteral(" '%1'").arg(urlFor(path, query).toString(QUrl::FullyEncoded));
}

} // namespace orrery
