#include "PolicyServer.h"

#include "api/ApiRouter.h"
#include "api/HttpMetrics.h"

namespace orrery::test {

PolicyServer::PolicyServer(HttpSettings settings) : m_settings(std::move(settings))
{
    m_settings.clock = &clock;
    m_settings.instance = QStringLiteral("policy");
}

QString PolicyServer::start()
{
    auto observer = std::make_shared<HttpMetrics>(metrics);
    m_host = std::make_unique<HttpServerHost>(m_settings, &m_tokens, [observer](ApiRouter &r) {
        r.addObserver(observer);
        r.add("GET", QStringLiteral("/p/open"), Access::Viewer, [](const RequestContext &c) { c.replyText(QStringLiteral("open")); })
            .allowScoped();
        r.add("GET", QStringLiteral("/p/global"), Access::Viewer, [](const RequestContext &c) { c.replyText(QStringLiteral("global")); });
        r.add("POST", QStringLiteral("/p/exchange"), Access::Anonymous, [](const RequestContext &c) {
             if (c.request().body == "good")
                 c.replyText(QStringLiteral("token"));
             else
                 c.replyError(401, QStringLiteral("That secret is not valid."));
         }).checksCredentials();
        r.add("GET", QStringLiteral("/p/anon"), Access::Anonymous, [](const RequestContext &c) { c.replyText(QStringLiteral("anon")); });
    });
    auto port = m_host->start(QHostAddress::LocalHost, 0);
    if (!port.ok())
        return port.error().message;
    m_port = *port;
    return {};
}

RawResponse PolicyServer::request(const QByteArray &method, const QByteArray &path,
                                  const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body) const
{
    RawHttpClient c(m_port);
    return c.request(method, path, body, headers);
}

RawResponse PolicyServer::get(const QByteArray &path, const QByteArray &token,
                              const QList<QPair<QByteArray, QByteArray>> &extra) const
{
    QList<QPair<QByteArray, QByteArray>> headers = extra;
    if (!token.isEmpty())
        headers.append({"Authorization", "Bearer " + token});
    return request("GET", path, headers);
}

} // namespace orrery::test
