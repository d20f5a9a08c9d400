#include "ActiveForwarder.h"

#include "ActiveInstance.h"

#include "api/RequestContext.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QUrl>

namespace orrery {

namespace {

// Headers that belong to one connection (RFC 9110 7.6.1) or that the sending side sets itself.
bool isHopByHop(const QByteArray &lowerName)
{
    static const QSet<QByteArray> names{"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te",
                                        "trailer", "transfer-encoding", "upgrade", "host", "content-length",
                                        "accept-encoding", "content-encoding", "expect"};
    return names.contains(lowerName);
}

// Headers of the active's answer the standby's own server writes (or decorates with CORS).
bool isServerWritten(const QByteArray &lowerName)
{
    return lowerName == "content-type" || lowerName == "date" || lowerName == "server" || lowerName == "vary"
        || lowerName.startsWith("access-control-");
}

QString encodedQuery(const QList<QPair<QString, QString>> &query)
{
    QStringList parts;
    for (const auto &[key, value] : query)
        parts.append(QString::fromLatin1(QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value)));
    return parts.join(QLatin1Char('&'));
}

} // namespace

ActiveForwarder::ActiveForwarder(Settings settings, std::shared_ptr<const ActiveInstance> active, QObject *parent)
    : QObject(parent), m_settings(settings), m_active(std::move(active)), m_nam(new QNetworkAccessManager(this))
{
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

ActiveForwarder::~ActiveForwarder() = default;

void ActiveForwarder::forward(const RequestContext &ctx)
{
    const HttpRequest &request = ctx.request();
    if (const QByteArray by = request.header(ActiveInstance::kForwardedHeader); !by.isEmpty()) {
        return ctx.reply(m_active->refusal(
            request.method, request.rawPath,
            QStringLiteral("forwarded here by %1, but this instance is not the active one either; a standby does not "
                           "forward a forwarded request again")
                .arg(QString::fromUtf8(by.left(200)))));
    }
    if (!m_settings.enabled)
        return ctx.reply(m_active->refusal(request.method, request.rawPath));
    QString whyNot;
    const QString base = m_active->forwardUrl(&whyNot);
    if (base.isEmpty())
        return ctx.reply(m_active->refusal(request.method, request.rawPath, whyNot));

    QUrl url(base + request.rawPath);
    if (!request.query.isEmpty())
        url.setQuery(encodedQuery(request.query), QUrl::StrictMode);
    QNetworkRequest out(url);
    out.setTransferTimeout(m_settings.timeoutMs);
    out.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    for (const auto &[name, value] : request.headers) {
        const QByteArray lower = name.toLower();
        if (!isHopByHop(lower) && lower != "x-forwarded-for" && lower != QByteArray(ActiveInstance::kForwardedHeader).toLower())
            out.setRawHeader(name, value);
    }
    QByteArray forwardedFor = request.header("x-forwarded-for");
    const QString client = request.remoteAddress.toString();
    forwardedFor = forwardedFor.isEmpty() ? client.toLatin1() : forwardedFor + ", " + client.toLatin1();
    out.setRawHeader("X-Forwarded-For", forwardedFor);
    out.setRawHeader(ActiveInstance::kForwardedHeader, m_active->self().toUtf8());

    QNetworkReply *reply = m_nam->sendCustomRequest(out, request.method, request.body);
    connect(reply, &QNetworkReply::finished, this, [this, ctx, reply, base] {
        reply->deleteLater();
        relay(ctx, reply, base);
    });
}

void ActiveForwarder::relay(const RequestContext &ctx, QNetworkReply *reply, const QString &activeUrl)
{
    const HttpRequest &request = ctx.request();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid() || status.toInt() <= 0) {
        const bool mayHaveApplied = request.method != "GET" && request.method != "HEAD"
            && reply->error() == QNetworkReply::OperationCanceledError;
        QString reason = reply->error() == QNetworkReply::OperationCanceledError
            ? QStringLiteral("the active engine at %1 did not answer within %2 ms").arg(activeUrl).arg(m_settings.timeoutMs)
            : QStringLiteral("the active engine at %1 cannot be reached: %2").arg(activeUrl, reply->errorString());
        if (mayHaveApplied)
            reason += QStringLiteral("; the request may have been applied there, check before repeating it");
        return ctx.reply(m_active->refusal(request.method, request.rawPath, reason));
    }
    HttpResponse response;
    response.status = status.toInt();
    response.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    response.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs()) {
        const QByteArray lower = name.toLower();
        if (!isHopByHop(lower) && !isServerWritten(lower))
            response.headers.append({name, value});
    }
    response.withHeader(kForwardedToHeader, activeUrl.toUtf8());
    ctx.reply(std::move(response));
}

} // namespace orrery
