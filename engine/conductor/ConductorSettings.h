#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>
#include <QUrl>

namespace orrery {

// Where and how Orrery acts as a client of a real Conductor server (docs/conductor-client.md).
// The secret is kept here only to be sent in POST /api/token: never log a ConductorSettings.
struct ConductorSettings
{
    QString url;                    // base URL, normalised (no trailing '/' or '/api', no user info)
    QString keyId;                  // with keySecret: POST /api/token, then X-Authorization
    QString keySecret;
    bool clientMode = false;        // poll the server with local workers, start jobs' workflows there
    int workersPerType = 8;         // tasks of one type run at once for the server; 0 = no remote workers
    QString domain;                 // poll domain (empty = none)
    QString workerId;               // workerid of polls and results (empty = host name)
    QStringList taskTypes;          // types polled (empty = every type of the worker pool)
    int pollTimeoutMs = 5000;       // batch long-poll timeout, 1..5000
    int breakerFailureThreshold = 3;
    qint64 breakerResetMs = 5000;   // open -> half-open; the request rate while down is one per this
    int drainTimeoutMs = 30000;     // graceful stop: wait this long for running remote tasks
    bool useUpdateV2 = false;       // report with POST /api/tasks/update-v2 (falls back on 404/405)

    bool hasCredentials() const { return !keyId.isEmpty() && !keySecret.isEmpty(); }
    bool isConfigured() const { return !url.isEmpty(); }
    // "conductor:<host>:<port>": the one circuit breaker of this server.
    QString breakerName() const;
    // host:port for messages and status (never a secret).
    QString hostPort() const;
    QString effectiveWorkerId() const;

    // http(s)://host[:port][/path] with a trailing "/" or "/api" removed; user info refused
    // (credentials go in keyId/keySecret). The error names `source` (e.g. "--conductor-url").
    static Result<QString> normalizeUrl(const QString &text, const QString &source);
};

} // namespace orrery
