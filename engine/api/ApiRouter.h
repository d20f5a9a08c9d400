#pragma once

#include "Principal.h"
#include "RequestContext.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

namespace orrery {

struct HttpSettings;

using RouteHandler = std::function<void(const RequestContext &ctx)>;

// Method + path routing with Spring's precedence and the API's authentication.
//
// Patterns are paths with {name} variables ("/api/tasks/{taskId}/log"). Variables match one
// segment and arrive percent-decoded. Among the patterns that match a path, a literal segment
// beats a variable at the first position where they differ, whatever the registration order
// ("/api/tasks/poll/batch/{t}" beats "/api/tasks/poll/{t}/{x}" and "/api/tasks/{id}/..."). A
// path that matches only routes of other methods gets 405 with an Allow header; no match, 404.
// HEAD is served by the GET route without the body.
//
// Every route except Access::Anonymous needs a token, sent as "Authorization: Bearer <token>" or
// as Conductor's "X-Authorization: <token>": none or an unknown one gives 401, a role below the
// route's gives 403. Routes are registered before the server starts and are read-only after.
class ApiRouter
{
public:
    ApiRouter(const Authenticator *authenticator, std::shared_ptr<const HttpSettings> settings);

    // Registers a route. Registering the same method+pattern twice replaces the first.
    void add(const QByteArray &method, const QString &pattern, Access access, RouteHandler handler);

    struct Match
    {
        int route = -1;                // index into routes, -1 if none
        QHash<QString, QString> params;
        QByteArrayList allowedMethods; // when the path exists only for other methods
    };
    Match match(const QByteArray &method, const QStringList &segments) const;

    // Routes, authenticates and runs the handler (or answers 401/403/404/405).
    void dispatch(std::shared_ptr<const HttpRequest> request, HttpResponder responder) const;

    struct RouteInfo
    {
        QByteArray method;
        QString pattern;
        Access access;
    };
    QList<RouteInfo> routes() const;

    // The token from the Authorization / X-Authorization headers, or empty.
    static QByteArray presentedToken(const HttpRequest &request);

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
    };
    static bool matches(const Route &route, const QStringList &segments);
    static bool moreSpecific(const Route &a, const Route &b);

    const Authenticator *m_authenticator;
    std::shared_ptr<const HttpSettings> m_settings;
    std::vector<Route> m_routes;
};

} // namespace orrery
