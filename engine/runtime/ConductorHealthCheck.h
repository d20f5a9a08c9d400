#pragma once

#include "runtime/HealthCheckResult.h"

#include <QUrl>

namespace orrery {

// The health probe's remote Conductor check: GET <conductorUrl>/health (Conductor answers on both
// /health and /api/health, so the URL may be the server's root or its /api base) and expects a
// 2xx JSON object whose "healthy" is true, within `timeoutMs`. Blocking (it runs a local event
// loop): run it on a worker thread. An empty URL is "skipped".
class ConductorHealthCheck
{
public:
    static HealthCheckResult run(const QString &conductorUrl, int timeoutMs);
    // <url>/health, keeping the URL's path (http://c:8080/api -> http://c:8080/api/health).
    static QUrl healthUrl(const QString &conductorUrl);
};

} // namespace orrery
