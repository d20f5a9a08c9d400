#include "WebRoutes.h"

#include "WebAssets.h"

#include "api/ApiRouter.h"
#include "api/HttpResponse.h"

namespace orrery {

namespace {

bool etagMatches(const QByteArray &ifNoneMatch, const QByteArray &etag)
{
    if (ifNoneMatch.trimmed() == "*")
        return true;
    for (QByteArray candidate : ifNoneMatch.split(',')) {
        candidate = candidate.trimmed();
        if (candidate.startsWith("W/"))
            candidate = candidate.mid(2);
        if (candidate == etag)
            return true;
    }
    return false;
}

void serve(const RequestContext &ctx, const WebAssets::Asset &asset)
{
    HttpResponse r;
    const QByteArray cache = asset.immutable ? QByteArray("public, max-age=31536000, immutable") : QByteArray("no-cache");
    if (etagMatches(ctx.request().header("if-none-match"), asset.etag)) {
        r.status = 304;
    } else {
        r.status = 200;
        r.contentType = asset.contentType;
        r.body = asset.body;
    }
    r.withHeader("ETag", asset.etag);
    r.withHeader("Cache-Control", cache);
    WebRoutes::addSecurityHeaders(r);
    ctx.reply(std::move(r));
}

void notFound(const RequestContext &ctx, const QString &message)
{
    HttpResponse r = HttpResponse::error(404, message, ctx.instance());
    WebRoutes::addSecurityHeaders(r);
    ctx.reply(std::move(r));
}

} // namespace

QByteArray WebRoutes::contentSecurityPolicy()
{
    // 'self' covers ws:/wss: of the page's own origin (CSP Level 3), so the Socket.IO hub on the
    // same port is reachable and no other host is.
    return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
           "font-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
}

void WebRoutes::addSecurityHeaders(HttpResponse &response)
{
    response.withHeader("Content-Security-Policy", contentSecurityPolicy());
    response.withHeader("X-Frame-Options", "DENY");
    response.withHeader("X-Content-Type-Options", "nosniff");
    response.withHeader("Referrer-Policy", "no-referrer");
    response.withHeader("Cross-Origin-Opener-Policy", "same-origin");
    response.withHeader("Cross-Origin-Resource-Policy", "same-origin");
    response.withHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
}

void WebRoutes::registerRoutes(ApiRouter &router, std::shared_ptr<const WebAssets> assets)
{
    router.add("GET", QStringLiteral("/"), Access::Anonymous, [assets](const RequestContext &ctx) {
        if (const WebAssets::Asset *page = assets->page())
            return serve(ctx, *page);
        notFound(ctx, QStringLiteral("This build has no web dashboard (web/ was not built into the binary)."));
    })
        .summary(QStringLiteral("Web dashboard"))
        .description(QStringLiteral("The dashboard's page (docs/dashboard.md). No token needed: the page holds no "
                                    "data; it asks for a token and calls the REST API and the Socket.IO hub with it. "
                                    "Strict Content-Security-Policy, X-Frame-Options DENY, no-cache with an ETag."))
        .tag(QStringLiteral("dashboard"))
        .response(200, QStringLiteral("index.html"), QStringLiteral("text/html"))
        .response(304, QStringLiteral("not modified (If-None-Match)"));

    router.add("GET", QStringLiteral("/ui/{file}"), Access::Anonymous, [assets](const RequestContext &ctx) {
        const QString file = ctx.param(QStringLiteral("file"));
        if (const WebAssets::Asset *asset = assets->asset(file); asset && file != QStringLiteral("index.html"))
            return serve(ctx, *asset);
        notFound(ctx, QStringLiteral("The dashboard has no file '%1'; reload / to get the current asset names.")
                          .arg(file.left(200)));
    })
        .summary(QStringLiteral("Web dashboard asset"))
        .description(QStringLiteral("A script, style sheet or image of the dashboard, compiled into the binary. "
                                    "Names carry a content hash, so answers are cacheable for a year."))
        .tag(QStringLiteral("dashboard"))
        .pathParam(QStringLiteral("file"), QStringLiteral("The asset's file name, e.g. app-1a2b3c4d.js."))
        .response(200, QStringLiteral("the file, with its Content-Type"))
        .response(304, QStringLiteral("not modified (If-None-Match)"))
        .response(404, QStringLiteral("unknown file"));
}

} // namespace orrery
