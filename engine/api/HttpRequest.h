#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>

class QHttpServerRequest;

namespace orrery {

// A request as the router and handlers see it: a plain value, copied out of QHttpServer's
// request object (which QHttpServer reuses for the next request on the connection).
struct HttpRequest
{
    QByteArray method;    // "GET", "POST", ... ("HEAD" is routed like GET)
    QString rawPath;      // percent-encoded, as sent
    QStringList segments; // path segments, each percent-decoded separately ("a%2Fb" -> "a/b")
    QList<QPair<QString, QString>> query; // decoded; '+' means space
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress remoteAddress;

    static HttpRequest fromQt(const QHttpServerRequest &request);

    // Splits an encoded path into decoded segments; a trailing '/' is ignored.
    static QStringList splitPath(const QString &encodedPath);
    // Parses an encoded query string ("a=1&b=x+y&c=%2C").
    static QList<QPair<QString, QString>> parseQuery(const QByteArray &encodedQuery);

    QByteArray header(const QByteArray &name) const; // case-insensitive; first occurrence
    bool hasQuery(const QString &key) const;
    std::optional<QString> queryValue(const QString &key) const; // first occurrence
    // All values of a list parameter, given as repeated keys and/or comma-separated values.
    QStringList queryList(const QString &key) const;
    // True when the client asked to close the connection after this request.
    bool wantsClose() const;
};

} // namespace orrery
