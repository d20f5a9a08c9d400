#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QString>

namespace orrery::test {

// A small synchronous HTTP client for any orreryd of a standby group (the test's remote worker
// and operator): the answer's status (0 = no answer: refused, reset, timed out), body and the
// X-Orrery-Active-Url header a standby names the active instance with.
class HaClient
{
public:
    struct Answer
    {
        int status = 0;
        QByteArray body;
        QString activeUrl; // X-Orrery-Active-Url
        QByteArray retryAfter;
        QString forwardedTo; // X-Orrery-Forwarded-To: set when a standby relayed the active's answer
        QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    };

    // An empty token sends no Authorization header.
    explicit HaClient(QByteArray token) : m_token(std::move(token)) {}

    Answer request(const QByteArray &method, const QString &url, const QByteArray &body = {}, int timeoutMs = 10000,
                   const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Answer get(const QString &url) { return request("GET", url); }
    Answer post(const QString &url, const QByteArray &body) { return request("POST", url, body); }

private:
    QByteArray m_token;
    QNetworkAccessManager m_nam;
};

} // namespace orrery::test
