#include "ApiRouter.h"

#include "AuthThrottle.h"
#include "CorsPolicy.h"
#include "HttpSettings.h"
#include "RateLimiter.h"
#include "RequestObserver.h"

#include "core/Clock.h"

#include <QElapsedTimer>
#include <QJsonDocument>

namespace orrery {

namespace {

QString clientAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

QByteArray retryAfterSeconds(qint64 ms)
{
    return QByteArray::number(qMax<qint64>(1, (ms + 999) / 1000));
}

bool isMutating(const QByteArray &method)
{
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

} // namespace

// What the finalizer of one request needs; shared with the responder, so it never refers to
// the router (a responder may outlive the server while an engine callback holds it).
struct ApiRouter::Trace
{
    std::shared_ptr<const HttpSettings> settings;
    std::shared_ptr<const CorsPolicy> cors;
    std::shared_ptr<AuthThrottle> throttle;
    QList<std::shared_ptr<RequestObserver>> observers;
    QByteArray corsOrigin; // set when the request's Origin is allowed
    bool countAuthFailure = false;
    QElapsedTimer timer;
    RequestRecord record;

    void finish(HttpResponse &r)
    {
        if (!corsOrigin.isEmpty())
            cors->decorate(r, corsOrigin);
        if (r.status == 401 && countAuthFailure)
            throttle->failed(record.remoteAddress, settings->clockRef().nowMs());
        if (observers.isEmpty())
            return;
        record.status = r.status;
        record.durationNs = timer.nsecsElapsed();
        if (record.audited && r.status >= 400 && r.contentType == "application/json")
            record.message = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("message")).toString();
        for (const auto &o : observers)
            o->requestFinished(record);
    }
};

ApiRouter::ApiRouter(const Authenticator *authenticator, std::shared_ptr<const HttpSettings> settings)
    : m_authenticator(authenticator), m_settings(std::move(settings)),
      m_cors(std::make_shared<CorsPolicy>(m_settings->corsOrigins)),
      m_throttle(std::make_shared<AuthThrottle>(m_settings->authFailureLimit, m_settings->authFailureWindowMs,
                                                m_settings->authLockoutMs)),
      m_rateLimiter(std::make_unique<RateLimiter>(m_settings->rateLimitPerSecond, m_settings->rateLimitBurst))
{
}

ApiRouter::~ApiRouter() = default;

RouteDoc &ApiRouter::add(const QByteArray &method, const QString &pattern, Access access, RouteHandler handler)
{
    Route route{method.toUpper(), pattern, {}, access, std::move(handler), {}};
    for (const QString &part : HttpRequest::splitPath(pattern)) {
        if (part.size() > 2 && part.startsWith(u'{') && part.endsWith(u'}'))
            route.segments.push_back({{}, part.mid(1, part.size() - 2)});
        else
            route.segments.push_back({part, {}});
    }
    for (Route &existing : m_routes) {
        if (existing.method == route.method && existing.pattern == route.pattern) {
            existing = std::move(route);
            return existing.doc;
        }
    }
    m_routes.push_back(std::move(route));
    return m_routes.back().doc;
}

void ApiRouter::addObserver(std::shared_ptr<RequestObserver> observer)
{
    if (observer)
        m_observers.append(std::move(observer));
}

void ApiRouter::retainRoutes(const std::function<bool(const QByteArray &method, const QString &pattern)> &keep)
{
    std::erase_if(m_routes, [&keep](const Route &r) { return !keep(r.method, r.pattern); });
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

void ApiRouter::preflight(const HttpRequest &request, const HttpResponder &responder, const QByteArray &origin) const
{
    const QString instance = m_settings->instanceName();
    const Match m = match(request.method, request.segments);
    if (m.allowedMethods.isEmpty()) {
        responder.send(HttpResponse::error(
            404, QStringLiteral("No API resource at %1 %2.").arg(QString::fromLatin1(request.method), request.rawPath),
            instance));
        return;
    }
    QByteArrayList allowed = m.allowedMethods;
    if (allowed.contains("GET") && !allowed.contains("HEAD"))
        allowed.append("HEAD");
    allowed.append("OPTIONS");
    if (origin.isEmpty()) {
        HttpResponse r = HttpResponse::noContent();
        r.withHeader("Allow", allowed.join(", "));
        responder.send(std::move(r));
        return;
    }
    if (!m_cors->allows(origin)) {
        responder.send(HttpResponse::error(
            403, QStringLiteral("Origin '%1' may not call this API from a browser; the server's operator can allow it "
                                "with --cors-origin %1.").arg(QString::fromUtf8(origin.left(200))),
            instance));
        return;
    }
    HttpResponse r = HttpResponse::noContent();
    m_cors->decoratePreflight(r, origin, m.allowedMethods);
    responder.send(std::move(r));
}

void ApiRouter::dispatch(std::shared_ptr<const HttpRequest> request, HttpResponder responder) const
{
    auto trace = std::make_shared<Trace>();
    trace->timer.start();
    const qint64 nowMs = m_settings->clockRef().nowMs();
    const QString instance = m_settings->instanceName();
    const Match m = request->method == "OPTIONS" ? Match{} : match(request->method, request->segments);
    const Route *route = m.route >= 0 ? &m_routes[size_t(m.route)] : nullptr;

    trace->settings = m_settings;
    trace->cors = m_cors;
    trace->throttle = m_throttle;
    trace->observers = m_observers;
    trace->record.method = request->method;
    trace->record.route = route ? route->pattern
                                : (request->method == "OPTIONS" ? QStringLiteral("preflight") : QStringLiteral("unmatched"));
    trace->record.path = request->rawPath;
    trace->record.timeMs = nowMs;
    trace->record.remoteAddress = clientAddress(request->remoteAddress);
    trace->record.audited = route && isMutating(route->method) && route->doc.audited();
    const QByteArray origin = m_cors->enabled() || request->method == "OPTIONS" ? request->header("origin") : QByteArray();
    if (!origin.isEmpty() && request->method != "OPTIONS" && m_cors->allows(origin))
        trace->corsOrigin = origin;
    responder.setFinalizer([trace](HttpResponse &r) { trace->finish(r); });

    if (request->method == "OPTIONS")
        return preflight(*request, responder, origin);
    if (!route && m_fallback)
        return m_fallback(RequestContext(std::move(request), {}, std::nullopt, std::move(responder), m_settings));
    if (!route) {
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

    const bool authenticates = route->access != Access::Anonymous;
    if (authenticates || route->doc.verifiesCredentials()) {
        trace->countAuthFailure = route->doc.verifiesCredentials();
        if (const qint64 blocked = m_throttle->blockedFor(trace->record.remoteAddress, nowMs); blocked > 0) {
            HttpResponse r = HttpResponse::error(
                429, QStringLiteral("Too many failed authentications from %1; try again in %2 s with a valid token.")
                         .arg(trace->record.remoteAddress, QString::fromLatin1(retryAfterSeconds(blocked))),
                instance);
            r.withHeader("Retry-After", retryAfterSeconds(blocked));
            responder.send(std::move(r));
            return;
        }
    }
    std::optional<Principal> principal;
    if (authenticates) {
        const QByteArray token = presentedToken(*request);
        trace->countAuthFailure = !token.isEmpty();
        if (token.isEmpty() || !m_authenticator || !(principal = m_authenticator->authenticate(token))) {
            const QString message = token.isEmpty()
                ? QStringLiteral("Authentication required: send 'Authorization: Bearer <token>' or 'X-Authorization: <token>'.")
                : QStringLiteral("The token presented is not valid (unknown or revoked).");
            HttpResponse r = HttpResponse::error(401, message, instance);
            r.withHeader("WWW-Authenticate", "Bearer realm=\"orrery\"");
            responder.send(std::move(r));
            return;
        }
        m_throttle->succeeded(trace->record.remoteAddress);
        trace->record.principal = principal;
        if (!principal->allows(route->access)) {
            responder.send(HttpResponse::error(
                403, QStringLiteral("Token '%1' has role %2; %3 %4 needs role %5 or higher.")
                         .arg(principal->name, roleName(principal->role), QString::fromLatin1(route->method),
                              route->pattern, accessName(route->access)),
                instance));
            return;
        }
        if (!principal->projects.isEmpty() && !route->doc.scopedAllowed()) {
            responder.send(HttpResponse::error(
                403, QStringLiteral("Token '%1' is limited to projects [%2]; %3 %4 acts on every project and needs a "
                                    "token without project scopes.")
                         .arg(principal->name, principal->projects.join(QStringLiteral(", ")),
                              QString::fromLatin1(route->method), route->pattern),
                instance));
            return;
        }
        if (const qint64 wait = m_rateLimiter->take(principal->tokenId, nowMs); wait > 0) {
            HttpResponse r = HttpResponse::error(
                429, QStringLiteral("Token '%1' is over its rate limit of %2 requests per second; retry after %3 s.")
                         .arg(principal->name)
                         .arg(m_settings->rateLimitPerSecond)
                         .arg(QString::fromLatin1(retryAfterSeconds(wait))),
                instance);
            r.withHeader("Retry-After", retryAfterSeconds(wait));
            responder.send(std::move(r));
            return;
        }
    }
    route->handler(RequestContext(std::move(request), m.params, std::move(principal), std::move(responder), m_settings));
}

QList<ApiRouter::RouteInfo> ApiRouter::routes() const
{
    QList<RouteInfo> out;
    for (const Route &r : m_routes)
        out.append({r.method, r.pattern, r.access, r.doc});
    return out;
}

} // namespace orrery
