#include "RealtimeFixture.h"

#include "api/ApiRouter.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace orrery::test {

RealtimeFixture::RealtimeFixture(HubSettings settings) : m_settings(std::move(settings))
{
    if (m_settings.instance.isEmpty())
        m_settings.instance = QStringLiteral("rt-test");
}

RealtimeFixture::~RealtimeFixture()
{
    stop();
}

bool RealtimeFixture::start(QString *error)
{
    m_service = std::make_unique<RealtimeService>(m_settings, &m_tokens, &m_bus);
    HttpSettings http;
    http.instance = QStringLiteral("rt-test");
    RealtimeService *service = m_service.get();
    m_host = std::make_unique<HttpServerHost>(http, &m_tokens, [service](ApiRouter &r) { service->registerRoutes(r); });
    auto port = m_host->start(QHostAddress::LocalHost, 0);
    if (!port.ok()) {
        *error = port.error().message;
        return false;
    }
    m_port = port.value();
    return true;
}

void RealtimeFixture::stop()
{
    if (m_host)
        m_host->stop();
    m_host.reset();
    m_service.reset();
}

RealtimeFixture::HttpResult RealtimeFixture::get(const QString &path, const QByteArray &token)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(httpUrl() + path));
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    delete reply;
    return r;
}

} // namespace orrery::test
