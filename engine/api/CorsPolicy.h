#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QStringList>

namespace orrery {

struct HttpResponse;

// Cross-origin access for browser dashboards. An origin is allowed when it is in the
// allow-list exactly (scheme://host[:port], compared case-insensitively) or the list holds "*".
// Tokens travel in headers, never in cookies, so credentials are not enabled.
class CorsPolicy
{
public:
    explicit CorsPolicy(const QStringList &allowedOrigins);

    bool enabled() const { return !m_origins.isEmpty() || m_any; }
    bool allows(const QByteArray &origin) const;
    // Adds Access-Control-Allow-Origin (and Vary, Expose-Headers) for an allowed origin.
    void decorate(HttpResponse &response, const QByteArray &origin) const;
    // The answer to a preflight (OPTIONS with Access-Control-Request-Method) from an allowed
    // origin, for a path served with `methods`.
    void decoratePreflight(HttpResponse &response, const QByteArray &origin, const QByteArrayList &methods) const;

private:
    QByteArrayList m_origins; // lower case
    bool m_any = false;
};

} // namespace orrery
