#include "HttpResponse.h"

#include <QJsonDocument>

namespace orrery {

namespace {
const QByteArray kJson = QByteArrayLiteral("application/json");
const QByteArray kText = QByteArrayLiteral("text/plain;charset=UTF-8");
} // namespace

HttpResponse HttpResponse::json(const QJsonObject &obj, int status)
{
    return {status, kJson, QJsonDocument(obj).toJson(QJsonDocument::Compact), {}, false};
}

HttpResponse HttpResponse::json(const QJsonArray &arr, int status)
{
    return {status, kJson, QJsonDocument(arr).toJson(QJsonDocument::Compact), {}, false};
}

HttpResponse HttpResponse::text(const QString &text, int status)
{
    return {status, kText, text.toUtf8(), {}, false};
}

HttpResponse HttpResponse::empty(int status)
{
    return {status, {}, {}, {}, false};
}

HttpResponse HttpResponse::noContent()
{
    return {204, {}, {}, {}, false};
}

HttpResponse HttpResponse::error(int status, const QString &message, const QString &instance,
                                 const QList<FieldError> &fieldErrors)
{
    QJsonObject body{{QStringLiteral("status"), status},
                     {QStringLiteral("message"), message},
                     {QStringLiteral("instance"), instance},
                     // Only transient back-end trouble is worth retrying unchanged.
                     {QStringLiteral("retryable"), status == 503}};
    if (!fieldErrors.isEmpty()) {
        QJsonArray list;
        for (const FieldError &fe : fieldErrors) {
            QJsonObject e{{QStringLiteral("path"), fe.path}, {QStringLiteral("message"), fe.message}};
            // Conductor writes invalidValue as a string; null values are left out (NON_NULL).
            if (!fe.invalidValue.isUndefined() && !fe.invalidValue.isNull()) {
                const QJsonValue v = fe.invalidValue;
                if (v.isString())
                    e.insert(QStringLiteral("invalidValue"), v);
                else if (v.isObject())
                    e.insert(QStringLiteral("invalidValue"),
                             QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)));
                else if (v.isArray())
                    e.insert(QStringLiteral("invalidValue"),
                             QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)));
                else if (v.isBool())
                    e.insert(QStringLiteral("invalidValue"), v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
                else
                    e.insert(QStringLiteral("invalidValue"), QString::number(v.toDouble(), 'g', 17));
            }
            list.append(e);
        }
        body.insert(QStringLiteral("validationErrors"), list);
    }
    return json(body, status);
}

HttpResponse HttpResponse::error(const Error &err, const QString &instance)
{
    return error(err.httpStatus(), err.message, instance, err.fieldErrors);
}

HttpResponse &HttpResponse::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

bool HttpResponse::allowsBody(int status)
{
    return !(status < 200 || status == 204 || status == 304);
}

QByteArray HttpResponse::toWire(bool headOnly, bool close) const
{
    QByteArray out;
    out.reserve(160 + body.size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    const bool hasBody = allowsBody(status);
    if (hasBody) {
        if (!contentType.isEmpty()) {
            out += "Content-Type: ";
            out += contentType;
            out += "\r\n";
        }
        out += "Content-Length: ";
        out += QByteArray::number(body.size());
        out += "\r\n";
    }
    for (const auto &h : headers) {
        out += h.first;
        out += ": ";
        out += h.second;
        out += "\r\n";
    }
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (hasBody && !headOnly)
        out += body;
    return out;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return status < 400 ? "OK" : (status < 500 ? "Client Error" : "Server Error");
    }
}

} // namespace orrery
