#include "CorsPolicy.h"

#include "HttpResponse.h"

namespace orrery {

CorsPolicy::CorsPolicy(const QStringList &allowedOrigins)
{
    for (const QString &o : allowedOrigins) {
        QString origin = o.trimmed();
        while (origin.endsWith(u'/'))
            origin.chop(1);
        if (origin == QLatin1String("*"))
            m_any = true;
        else if (!origin.isEmpty())
            m_origins.append(origin.toLower().toUtf8());
    }
}

bool CorsPolicy::allows(const QByteArray &origin) const
{
    if (origin.isEmpty() || origin == "null")
        return m_any && !origin.isEmpty();
    return m_any || m_origins.contains(origin.toLower());
}

void CorsPolicy::decorate(HttpResponse &response, const QByteArray &origin) const
{
    response.withHeader("Access-Control-Allow-Origin", origin);
    response.withHeader("Vary", "Origin");
    response.withHeader("Access-Control-Expose-Headers", "Retry-After, WWW-Authenticate, Allow");
}

void CorsPolicy::decoratePreflight(HttpResponse &response, const QByteArray &origin, const QByteArrayList &methods) const
{
    QByteArrayList allowed = methods;
    if (allowed.contains("GET") && !allowed.contains("HEAD"))
        allowed.append("HEAD");
    response.withHeader("Access-Control-Allow-Origin", origin);
    response.withHeader("Vary", "Origin");
    response.withHeader("Access-Control-Allow-Methods", allowed.join(", "));
    response.withHeader("Access-Control-Allow-Headers", "Authorization, X-Authorization, Content-Type");
    response.withHeader("Access-Control-Max-Age", "600");
}

} // namespace orrery
