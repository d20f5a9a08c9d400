#pragma once

#include "FixedTokens.h"
#include "RawHttpClient.h"

#include "api/HttpServerHost.h"
#include "api/RequestContext.h"

#include <QJsonObject>
#include <QMutex>
#include <atomic>
#include <memory>

namespace orrery {
class ApiRouter;
}

namespace orrery::test {

// An HttpServerHost (body limit 1024 bytes, instance "test-instance") with routes that expose
// what the HTTP plumbing does: tagged routes for precedence, echo routes for decoding, one route
// per answer type, routes per access level, and a route whose answer the test sends later.
class PlumbingServer
{
public:
    struct State
    {
        QMutex mutex;
        QList<RequestContext> held; // requests to /api/hold, not yet answered
        std::atomic<int> handlerCalls{0};
        std::atomic<int> fastCalls{0};
        std::atomic<QThread *> handlerThread{nullptr};
    };

    Result<quint16> start();
    quint16 port() const { return m_port; }
    HttpServerHost &host() { return *m_host; }
    State &state() { return m_state; }
    const Authenticator *tokens() const { return &m_tokens; }
    int heldCount();
    RequestContext takeHeld();

private:
    void registerRoutes(ApiRouter &r);

    FixedTokens m_tokens;
    State m_state;
    std::unique_ptr<HttpServerHost> m_host;
    quint16 m_port = 0;
};

inline QJsonObject jsonObject(const RawResponse &r) { return r.json().object(); }

} // namespace orrery::test
