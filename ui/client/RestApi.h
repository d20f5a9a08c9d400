#pragma once

#include "core/Result.h"

#include <QJsonDocument>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace orrery {

// A small REST client for an Orrery server: bearer token, JSON in and out, errors as values
// carrying the server's message (Conductor's error shape). Lives on the GUI thread.
class RestApi : public QObject
{
    Q_OBJECT

public:
    struct Response
    {
        int status = 0;
        QByteArray body;
        QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    };
    using Callback = std::function<void(Result<Response>)>;

    explicit RestApi(QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url) { m_base = url; }
    QUrl baseUrl() const { return m_base; }
    void setToken(const QString &token) { m_token = token.toUtf8(); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    void get(const QString &path, const QUrlQuery &query, Callback cb);
    void post(const QString &path, const QUrlQuery &query, const QByteArray &body, Callback cb);
    // Any method (GET, POST, PUT, DELETE); a body is sent as application/json.
    void send(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body, Callback cb);
    // The curl command line that repeats a request (token as $ORRERY_TOKEN, never inline).
    QString curlFor(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body = {}) const;
    // Drops every request in flight (their callbacks are not called).
    void abortAll();

private:
    QUrl urlFor(const QString &path, const QUrlQuery &query) const;

    QNetworkAccessManager *m_nam;
    QUrl m_base;
    QByteArray m_token;
    int m_timeoutMs = 15000;
    quint64 m_generation = 0;
};

} // namespace orrery
