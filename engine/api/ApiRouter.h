#pragma once

#include "Principal.h"
#include "RequestContext.h"
#include "RouteDoc.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

class QWebSocket;

namespace orrery {

class AuthThrottle;
class CorsPolicy;
class RateLimiter;
class RequestObserver;
struct HttpSettings;

using RouteHandler = std::function<void(const RequestContext &ctx)>;

// Method + path routing with Spring's precedence, the API's authentication and its request
// policies.
//
// Patterns are paths with {name} variables ("/api/tasks/{taskId}/log"). Variables match one
// segment and arrive percent-decoded. Among the patterns that match a path, a literal segment
// beats a variable at the first position where they differ, whatever the registration order
// ("/api/tasks/poll/batch/{t}" beats "/api/tasks/poll/{t}/{x}" and "/api/tasks/{id}/..."). A
// path that matches only routes of other methods gets 405 with an Allow header; no match, 404.
// HEAD is served by the GET route without the body. OPTIONS answers CORS preflights.
//
// Every route except Access::Anonymous needs a token, sent as "Authorization: Bearer <token>" or
// as Conductor's "X-Authorization: <token>". In order, a request is refused with:
//   429 + Retry-After  when its address made too many failed authentications (HttpSettings);
//   401                no token, or an unknown or revoked one (counted as a failed authentication);
//   403                a role below the route's, or project scopes on a route that does not
//                      allow them (RouteDoc::allowScoped);
//   429 + Retry-After  when the token is over its request rate.
// Routes are registered before the server starts and are read-only after.
class ApiRouter
{
public:
    ApiRouter(const Authenticator *authenticator, std::shared_ptr<const HttpSettings> settings);
    ~ApiRouter();

    // Registers a route and returns its documentation/policy for chaining. Registering the same
    // method+pattern twice replaces the first. The reference is valid until the next add().
    RouteDoc &add(const QByteArray &method, const QString &pattern, Access access, RouteHandler handler);
    // Observers are told about every answered request (metrics, audit). Call before serving.
    void addObserver(std::shared_ptr<RequestObserver> observer);
    // Drops every route for which `keep(method, pattern)` is false (a standby keeps only the
    // reads it can answer from the store). Call before serving.
    void retainRoutes(const std::function<bool(const QByteArray &method, const QString &pattern)> &keep);
    // Requests that no route serves (no match, or routes of other methods only) go to `handler`
    // instead of the 404/405, without authentication and without path parameters: a standby
    // forwards them to the active instance, which authenticates them. OPTIONS stays local.
    // Call before serving.
    void setFallback(RouteHandler handler) { m_fallback = std::move(handler); }
    // The failed-authentication throttle, for other ways in on the same port (the WebSocket hub).
    std::shared_ptr<AuthThrottle> authThrottle() const { return m_throttle; }

    struct Match
    {
        int route = -1;                // index into routes, -1 if none
        QHash<QString, QString> params;
        QByteArrayList allowedMethods; // when the path exists only for other methods
    };
    Match match(const QByteArray &method, const QStringList &segments) const;

    // Routes, applies the policies and runs the handler (or answers 401/403/404/405/429).
    void dispatch(std::shared_ptr<const HttpRequest> request, HttpResponder responder) const;

    struct RouteInfo
    {
        QByteArray method;
        QString pattern;
        Access access;
        RouteDoc doc;
    };
    QList<RouteInfo> routes() const;

    // The token from the Authorization / X-Authorization headers, or empty.
    static QByteArray presentedToken(const HttpRequest &request);

    // WebSocket endpoints: an upgrade request for exactly `path` ("/socket.io/") is accepted,
    // and ApiHttpServer hands the upgraded socket to `acceptor` on the server thread. Upgrade
    // requests for other paths get 404. Register before the server starts.
    using WebSocketAcceptor = std::function<void(std::unique_ptr<QWebSocket>)>;
    void addWebSocket(const QString &path, WebSocketAcceptor acceptor) { m_webSockets.insert(path, std::move(acceptor)); }
    const WebSocketAcceptor *webSocketAcceptor(const QString &path) const
    {
        const auto it = m_webSockets.constFind(path);
        return it == m_webSockets.constEnd() ? nullptr : &it.value();
    }
    bool hasWebSockets() const { return !m_webSockets.isEmpty(); }

private:
    struct Segment
    {
        QString literal;
        QString variable; // non-empty for {name}
    };
    struct Route
    {
        QByteArray method;
        QString pattern;
        std::vector<Segment> segments;
        Access access;
        RouteHandler handler;
        RouteDoc doc;
    };
    struct Trace;
    static bool matches(const Route &route, const QStringList &segments);
    static bool moreSpecific(const Route &a, const Route &b);
    void preflight(const HttpRequest &request, const HttpResponder &responder, const QByteArray &origin) const;

    const Authenticator *m_authenticator;
    std::shared_ptr<const HttpSettings> m_settings;
    std::vector<Route> m_routes;
    std::shared_ptr<const CorsPolicy> m_cors;
    std::shared_ptr<AuthThrottle> m_throttle;
    std::unique_ptr<RateLimiter> m_rateLimiter;
    QList<std::shared_ptr<RequestObserver>> m_observers;
    QHash<QString, WebSocketAcceptor> m_webSockets;
    RouteHandler m_fallback;
};

} // namespace orrery
