#pragma once

// A synchronous HTTP client with a chosen bearer token (OrrerydProcess always sends the admin one).

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace orrery::test {

struct ApiAnswer
{
    int status = 0;
    QByteArray body;
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
};

class ApiClient
{
public:
    ApiClient(QString baseUrl, QByteArray token) : m_base(std::move(baseUrl)), m_token(std::move(token)) {}

    ApiAnswer call(const QByteArray &method, const QString &path, const QByteArray &body = {}, int timeoutMs = 15000)
    {
        QNetworkRequest req(QUrl(m_base + path));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        ApiAnswer a;
        if (reply->isFinished()) {
            a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            a.body = reply->readAll();
        } else {
            reply->abort();
        }
        reply->deleteLater();
        return a;
    }
    ApiAnswer get(const QString &path) { return call("GET", path); }
    ApiAnswer post(const QString &path, const QJsonObject &o) { return call("POST", path, QJsonDocument(o).toJson()); }
    ApiAnswer put(const QString &path, const QJsonObject &o) { return call("PUT", path, QJsonDocument(o).toJson()); }

private:
    QString m_base;
    QByteArray m_token;
    QNetworkAccessManager m_nam;
};

} // namespace orrery::test
