#include "NetworkTransport.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace orrery {

NetworkTransport::NetworkTransport(const QString &baseUrl, QObject *parent)
    : QObject(parent), m_baseUrl(baseUrl), m_nam(new QNetworkAccessManager(this))
{
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy); // never send a token elsewhere
}

NetworkTransport::~NetworkTransport()
{
    // Silently: the callers may be gone already (cancelAll() is the way to answer them).
    for (QNetworkReply *r : std::as_const(m_inFlight)) {
        disconnect(r, nullptr, this, nullptr);
        r->abort();
        r->deleteLater();
    }
}

void NetworkTransport::send(const ConductorRequest &request, std::function<void(ConductorReply)> done)
{
    QNetworkRequest req(QUrl(m_baseUrl + request.path, QUrl::TolerantMode));
    req.setTransferTimeout(std::max(1, request.timeoutMs));
    req.setRawHeader("Accept", "application/json, text/plain, */*");
    if (!request.body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    for (const auto &h : request.headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = m_nam->sendCustomRequest(req, request.method, request.body);
    m_inFlight.insert(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        m_inFlight.remove(reply);
        ConductorReply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        if (r.status == 0) {
            // The error string names the URL at most (no user info: refused in the settings).
            r.error = reply->error() == QNetworkReply::OperationCanceledError
                          ? QStringLiteral("cancelled or timed out")
                          : QStringLiteral("%1 (%2)").arg(reply->errorString()).arg(int(reply->error()));
        }
        reply->deleteLater();
        done(std::move(r));
    });
}

void NetworkTransport::cancelAll()
{
    const QSet<QNetworkReply *> replies = m_inFlight;
    for (QNetworkReply *r : replies)
        r->abort(); // emits finished: the callback sees status 0
}

} // namespace orrery
