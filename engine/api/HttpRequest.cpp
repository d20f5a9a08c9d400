#include "HttpRequest.h"

#include <QHttpServerRequest>
#include <QUrl>

namespace orrery {

namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Strict percent-decoding: only '%' followed by two hex digits is an escape, any other '%' is
// kept as it is. (QUrl::fromPercentEncoding takes any two characters after '%' as digits, so
// "%\"F" became a '/' inside one segment and "%zz" a stray byte.)
QString decodeComponent(QByteArray encoded, bool plusIsSpace)
{
    if (plusIsSpace)
        encoded.replace('+', ' ');
    if (!encoded.contains('%'))
        return QString::fromUtf8(encoded);
    QByteArray out;
    out.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded.at(i);
        const int hi = c == '%' && i + 2 < encoded.size() ? hexValue(encoded.at(i + 1)) : -1;
        const int lo = hi >= 0 ? hexValue(encoded.at(i + 2)) : -1;
        if (lo >= 0) {
            out.append(char(hi * 16 + lo));
            i += 2;
        } else {
            out.append(c);
        }
    }
    return QString::fromUtf8(out);
}

} // namespace

HttpRequest HttpRequest::fromQt(const QHttpServerRequest &request)
{
    HttpRequest r;
    r.method = methodName(request.method());
    const QUrl url = request.url();
    r.rawPath = url.path(QUrl::FullyEncoded);
    r.segments = splitPath(r.rawPath);
    r.query = parseQuery(url.query(QUrl::FullyEncoded).toUtf8());
    r.headers = request.headers();
    r.body = request.body();
    r.remoteAddress = request.remoteAddress();
    return r;
}

QStringList HttpRequest::splitPath(const QString &encodedPath)
{
    QStringList out;
    const QList<QStringView> parts = QStringView(encodedPath).split(u'/');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (i == 0 && parts[i].isEmpty())
            continue; // leading '/'
        if (i == parts.size() - 1 && parts[i].isEmpty() && !out.isEmpty())
            continue; // trailing '/'
        out.append(decodeComponent(parts[i].toUtf8(), false));
    }
    return out;
}

QList<QPair<QString, QString>> HttpRequest::parseQuery(const QByteArray &encodedQuery)
{
    QList<QPair<QString, QString>> out;
    for (const QByteArray &pair : encodedQuery.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0)
            out.append({decodeComponent(pair, true), QString()});
        else
            out.append({decodeComponent(pair.left(eq), true), decodeComponent(pair.mid(eq + 1), true)});
    }
    return out;
}

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool HttpRequest::hasQuery(const QString &key) const
{
    for (const auto &q : query) {
        if (q.first == key)
            return true;
    }
    return false;
}

std::optional<QString> HttpRequest::queryValue(const QString &key) const
{
    for (const auto &q : query) {
        if (q.first == key)
            return q.second;
    }
    return std::nullopt;
}

QStringList HttpRequest::queryList(const QString &key) const
{
    QStringList out;
    for (const auto &q : query) {
        if (q.first != key)
            continue;
        for (const QString &part : q.second.split(u',')) {
            const QString v = part.trimmed();
            if (!v.isEmpty())
                out.append(v);
        }
    }
    return out;
}

bool HttpRequest::wantsClose() const
{
    for (const QByteArray &token : header("connection").split(',')) {
        if (token.trimmed().compare("close", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace orrery
