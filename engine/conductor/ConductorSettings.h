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
    bool useUpdateV2 = true;        // terminal results by update-v2 (the next task comes back with the
                                    // answer); a 404/405 switches to POST /api/tasks for good

    bool hasCredentials() const { return !keyId.isEmpty() && !keySecret.isEmpty(); }
    bool isConfigured() const { return !url.isEmpty(); }
    // "conductor:<host>:<port>": the one circuit breaker of this server.
    QString breakerName() const;
    // host:port for messages and status (never a secret).
    QString hostPort() const;
    QString effectiveWorkerId() const;

    // http(s)://host[:port][/path] with a trailing "/" or "/api" removed; user info refused
    // (credentials go in keyId/keySecret). The error names `source` (e.g. "--conductor-url").
    // Inline: the command-line parsers use it without linking the client library.
    static Result<QString> normalizeUrl(const QString &text, const QString &source);
};

inline Result<QString> ConductorSettings::normalizeUrl(const QString &text, const QString &source)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty())
        return Error::invalid(QStringLiteral("%1: \"%2\" is not an http(s)://host[:port][/path] URL of a Conductor server")
                                  .arg(source, url.toDisplayString(QUrl::RemoveUserInfo)));
    if (!url.userInfo().isEmpty())
        return Error::invalid(QStringLiteral("%1: put no user or password in the URL; use --conductor-key-id and "
                                             "--conductor-key-secret (or their ORRERY_ environment variables)").arg(source));
    if (url.hasQuery() || url.hasFragment())
        return Error::invalid(QStringLiteral("%1: the URL of a Conductor server has no query or fragment").arg(source));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (path.endsWith(QLatin1String("/api")))
        path.chop(4);
    QUrl clean = url;
    clean.setPath(path);
    return clean.toString(QUrl::StripTrailingSlash);
}


} // namespace orrery
