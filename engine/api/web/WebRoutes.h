#pragma once

#include <QByteArray>
#include <memory>

namespace orrery {

class ApiRouter;
class WebAssets;
struct HttpResponse;

// The dashboard's static routes, anonymous (the page and its scripts carry no data; every data
// call goes to the authenticated REST API and the Socket.IO hub with the user's token):
//   GET /          index.html, Cache-Control: no-cache (revalidated with its ETag)
//   GET /ui/{file} the bundle's hashed assets, cached for a year (immutable)
// Both carry a strict Content-Security-Policy (no inline script or style, nothing from another
// origin, no framing), X-Frame-Options DENY, X-Content-Type-Options nosniff and
// Referrer-Policy no-referrer, and answer If-None-Match with 304. HEAD is served by the router.
class WebRoutes
{
public:
    static void registerRoutes(ApiRouter &router, std::shared_ptr<const WebAssets> assets);

    static QByteArray contentSecurityPolicy();
    // Adds the security headers every dashboard answer carries.
    static void addSecurityHeaders(HttpResponse &response);
};

} // namespace orrery
