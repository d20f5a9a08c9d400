#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace orrery {

// One HTTP response, built by a handler and serialised by the server. Content types follow
// the Conductor wire conventions: JSON is compact `application/json`, bare strings are
// `text/plain;charset=UTF-8`, "void" answers are 200 with an empty body and no Content-Type,
// and 204 carries neither a body nor Content-Type nor Content-Length.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType; // empty = no Content-Type header
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool closeConnection = false;

    static HttpResponse json(const QJsonObject &obj, int status = 200);
    static HttpResponse json(const QJsonArray &arr, int status = 200);
    static HttpResponse text(const QString &text, int status = 200);
    static HttpResponse empty(int status = 200);
    static HttpResponse noContent();

    // Conductor's error shape: {status, message, instance, retryable[, validationErrors]}.
    static HttpResponse error(int status, const QString &message, const QString &instance,
                              const QList<FieldError> &fieldErrors = {});
    static HttpResponse error(const Error &error, const QString &instance);

    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);

    // The bytes on the wire. `headOnly` leaves the body out (HEAD) but keeps Content-Length;
    // `close` adds "Connection: close".
    QByteArray toWire(bool headOnly, bool close) const;

    static QByteArray reasonPhrase(int status);
    static bool allowsBody(int status); // false for 1xx, 204, 304
};

} // namespace orrery
