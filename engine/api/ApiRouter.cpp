#include "ApiRouter.h"

#include "HttpSettings.h"

namespace orrery {

ApiRouter::ApiRouter(const Authenticator *authenticator, std::shared_ptr<const HttpSettings> settings)
    : m_authenticator(authenticator), m_settings(std::move(settings))
{
}

void ApiRouter::add(const QByteArray &method, const QString &pattern, Access access, RouteHandler handler)
{
    Route route{method.toUpper(), pattern, {}, access, std::move(handler)};
    for (const QString &part : HttpRequest::splitPath(pattern)) {
        if (part.size() > 2 && part.startsWith(u'{') && part.endsWith(u'}'))
            route.segments.push_back({{}, part.mid(1, part.size() - 2)});
        else
            route.segments.push_back({part, {}});
    }
    for (Route &existing : m_routes) {
        if (existing.method == route.method && existing.pattern == route.pattern) {
            existing = std::move(route);
            return;
        }
    }
    m_routes.push_back(std::move(route));
}

bool ApiRouter::matches(const Route &route, const QStringList &segments)
{
    if (route.segments.size() != size_t(segments.size()))
        return false;
    for (size_t i = 0; i < route.segments.size(); ++i) {
        const Segment &s = route.segments[i];
        if (s.variable.isEmpty() ? s.literal != segments[qsizetype(i)] : segments[qsizetype(i)].isEmpty())
            return false;
    }
    return true;
}

bool ApiRouter::moreSpecific(const Route &a, const Route &b)
{
    for (size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
        const bool aLiteral = a.segments[i].variable.isEmpty();
        const bool bLiteral = b.segments[i].variable.isEmpty();
        if (aLiteral != bLiteral)
            return aLiteral;
    }
    return false;
}

ApiRouter::Match ApiRouter::match(const QByteArray &method, const QStringList &segments) const
{
    const QByteArray wanted = method == "HEAD" ? QByteArray("GET") : method;
    Match m;
    const Route *best = nullptr;
    for (size_t i = 0; i < m_routes.size(); ++i) {
        const Route &r = m_routes[i];
        if (!matches(r, segments))
            continue;
        if (r.method != wanted) {
            if (!m.allowedMethods.contains(r.method))
                m.allowedMethods.append(r.method);
            continue;
        }
        if (!best || moreSpecific(r, *best)) {
            best = &r;
            m.route = int(i);
        }
    }
    if (best) {
        m.allowedMethods.clear();
        for (size_t i = 0; i < best->segments.size(); ++i) {
            if (!best->segments[i].variable.isEmpty())
                m.params.insert(best->segments[i].variable, segments[qsizetype(i)]);
        }
    }
    return m;
}

QByteArray ApiRouter::presentedToken(const HttpRequest &request)
{
    const QByteArray authorization = request.header("authorization").trimmed();
    if (!authorization.isEmpty()) {
        if (authorization.size() > 7 && authorization.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
            return authorization.mid(7).trimmed();
        return {};
    }
    QByteArray conductor = request.header("x-authorization").trimmed();
    if (conductor.size() > 7 && conductor.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        conductor = conductor.mid(7).trimmed();
    return conductor;
}

void ApiRouter::dispatch(std::shared_ptr<const HttpRequest> request, HttpResponder responder) const
{
    const QString instance = m_settings->instanceName();
    const Match m = match(request->method, request->segments);
    if (m.route < 0) {
        if (!m.allowedMethods.isEmpty()) {
            QByteArrayList allowed = m.allowedMethods;
            if (allowed.contains("GET") && !allowed.contains("HEAD"))
                allowed.append("HEAD");
            HttpResponse r = HttpResponse::error(
                405, QStringLiteral("Request method '%1' is not supported for %2; use %3.")
                         .arg(QString::fromLatin1(request->method), request->rawPath,
                              QString::fromLatin1(allowed.join(", "))),
                instance);
            r.withHeader("Allow", allowed.join(", "));
            responder.send(std::move(r));
        } else {
            responder.send(HttpResponse::error(
                404, QStringLiteral("No API resource at %1 %2.").arg(QString::fromLatin1(request->method), request->rawPath),
                instance));
        }
        return;
    }
    const Route &route = m_routes[size_t(m.route)];
    std::optional<Principal> principal;
    if (route.access != Access::Anonymous) {
        const QByteArray token = presentedToken(*request);
        if (token.isEmpty() || !m_authenticator || !(principal = m_authenticator->authenticate(token))) {
            const QString message = token.isEmpty()
                ? QStringLiteral("Authentication required: send 'Authorization: Bearer <token>' or 'X-Authorization: <token>'.")
                : QStringLiteral("The token presented is not valid (unknown or revoked).");
            HttpResponse r = HttpResponse::error(401, message, instance);
            r.withHeader("WWW-Authenticate", "Bearer realm=\"orrery\"");
            responder.send(std::move(r));
            return;
        }
        if (!principal->allows(route.access)) {
            responder.send(HttpResponse::error(
                403, QStringLiteral("Token '%1' has role %2; %3 %4 needs role %5 or higher.")
                         .arg(principal->name, roleName(principal->role), QString::fromLatin1(route.method),
                              route.pattern, accessName(route.access)),
                instance));
            return;
        }
    }
    route.handler(RequestContext(std::move(request), m.params, std::move(principal), std::move(responder), m_settings));
}

QList<ApiRouter::RouteInfo> ApiRouter::routes() const
{
    QList<RouteInfo> out;
    for (const Route &r : m_routes)
        out.append({r.method, r.pattern, r.access});
    return out;
}

} // namespace orrery
