#pragma once

#include "api/HttpServerHost.h"
#include "api/Principal.h"
#include "api/realtime/HubSettings.h"
#include "api/realtime/RealtimeService.h"
#include "events/EventBus.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <memory>

namespace orrery::test {

// Tokens for the hub tests: viewer-p1 (projects p1 and 42), viewer-all, operator-token,
// admin-token.
class ScopedTokens final : public Authenticator
{
public:
    std::optional<Principal> authenticate(const QByteArray &secret) const override
    {
        if (secret == "viewer-p1")
            return Principal{QStringLiteral("t1"), QStringLiteral("pat"), Role::Viewer, {QStringLiteral("p1"), QStringLiteral("42")}};
        if (secret == "viewer-all")
            return Principal{QStringLiteral("t2"), QStringLiteral("val"), Role::Viewer, {}};
        if (secret == "operator-token")
            return Principal{QStringLiteral("t3"), QStringLiteral("oli"), Role::Operator, {}};
        if (secret == "admin-token")
            return Principal{QStringLiteral("t4"), QStringLiteral("ada"), Role::Admin, {}};
        return std::nullopt;
    }
};

// The hub on a real HttpServerHost (its own thread, loopback, free port) with an EventBus the
// test publishes on.
class RealtimeFixture
{
public:
    explicit RealtimeFixture(HubSettings settings = {});
    ~RealtimeFixture();

    bool start(QString *error);
    void stop();

    quint16 port() const { return m_port; }
    QString httpUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString wsUrl(const QString &query = QStringLiteral("EIO=4&transport=websocket")) const
    {
        return QStringLiteral("ws://127.0.0.1:%1/socket.io/?%2").arg(m_port).arg(query);
    }
    EventBus &bus() { return m_bus; }
    RealtimeService &service() { return *m_service; }
    HttpServerHost &host() { return *m_host; }

    EventPtr publish(EventType type, const QString &project, const QJsonObject &payload = {})
    {
        return m_bus.publish(type, project, payload);
    }

    struct HttpResult
    {
        int status = 0;
        QByteArray body;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };
    HttpResult get(const QString &path, const QByteArray &token = {});
    QJsonObject stats(const QByteArray &token = "admin-token") { return get(QStringLiteral("/api/websocket/stats"), token).json(); }

private:
    HubSettings m_settings;
    ScopedTokens m_tokens;
    EventBus m_bus;
    std::unique_ptr<RealtimeService> m_service;
    std::unique_ptr<HttpServerHost> m_host;
    quint16 m_port = 0;
};

} // namespace orrery::test
