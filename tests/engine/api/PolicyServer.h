#pragma once

#include "RawHttpClient.h"

#include "api/HttpServerHost.h"
#include "api/MetricsRegistry.h"
#include "core/Clock.h"

#include <memory>

namespace orrery::test {

// Tokens for the policy tests: "v1"/"v2" viewers, "scoped" a viewer limited to project alpha.
class PolicyTokens final : public Authenticator
{
public:
    std::optional<Principal> authenticate(const QByteArray &secret) const override
    {
        if (secret == "v1")
            return Principal{QStringLiteral("t-v1"), QStringLiteral("v1"), Role::Viewer, {}};
        if (secret == "v2")
            return Principal{QStringLiteral("t-v2"), QStringLiteral("v2"), Role::Viewer, {}};
        if (secret == "scoped")
            return Principal{QStringLiteral("t-s"), QStringLiteral("scoped"), Role::Viewer, {QStringLiteral("alpha")}};
        return std::nullopt;
    }
};

// An HttpServerHost on a ManualClock with routes for the request policies:
//   GET /p/open (viewer, scoped tokens allowed), GET /p/global (viewer, every project),
//   POST /p/exchange (anonymous, checks credentials: 401 unless the body is "good"),
//   GET /p/anon (anonymous). HTTP metrics go to `metrics`.
class PolicyServer
{
public:
    explicit PolicyServer(HttpSettings settings);
    QString start(); // empty on success
    quint16 port() const { return m_port; }
    ManualClock clock;
    MetricsRegistry metrics;

    RawResponse get(const QByteArray &path, const QByteArray &token = {},
                    const QList<QPair<QByteArray, QByteArray>> &extra = {}) const;
    RawResponse request(const QByteArray &method, const QByteArray &path,
                        const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body = {}) const;

private:
    HttpSettings m_settings;
    PolicyTokens m_tokens;
    std::unique_ptr<HttpServerHost> m_host;
    quint16 m_port = 0;
};

} // namespace orrery::test
