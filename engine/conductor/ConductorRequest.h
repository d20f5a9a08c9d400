#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>

namespace orrery {

// One HTTP call to a Conductor server, relative to its base URL.
struct ConductorRequest
{
    QByteArray method = "GET";
    QString path;                 // "/api/...", query included, already percent-encoded
    QByteArray body;              // sent as application/json when not empty
    int timeoutMs = 30000;        // whole call, transport included
    QList<QPair<QByteArray, QByteArray>> headers; // filled by ConductorClient (X-Authorization)
};

// Its answer. status 0 = no HTTP answer (transport error, timeout, or refused by the breaker).
struct ConductorReply
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QString error;                // transport error text; never holds a secret
    bool refusedByBreaker = false; // not sent: the server's circuit breaker is open
    qint64 retryAfterMs = 0;      // when refusedByBreaker: when the breaker may let a call through

    bool ok() const { return status >= 200 && status < 300; }
    bool noAnswer() const { return status == 0; }
    // Counts against the server's health: no answer, 429 or a 5xx.
    bool isServerFailure() const { return status == 0 || status == 429 || status >= 500; }
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    // "HTTP 503: <message of the error JSON>" or the transport error, for logs and statuses.
    QString describe() const;
};

} // namespace orrery
