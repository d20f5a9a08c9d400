#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace orrery {

class Clock;

// Limits, security policy and identity of the HTTP layer. Immutable once the server has started.
struct HttpSettings
{
    qint64 maxBodyBytes = 1 << 20;    // Content-Length above this: 413 before the body is read
    int maxHeaderBytes = 16 * 1024;   // request line + headers above this: 431
    int maxJsonDepth = 64;            // deeper JSON bodies: 400
    // Slow clients (slowloris): a request line + headers not complete this long after their first
    // byte, or a body that stalls this long between two reads, gets 408 and the connection is
    // closed. A connection with no request in progress is closed after idleTimeoutMs (keep-alive
    // idle). 0 = no limit. Counted on the clock below, checked by a per-connection timer.
    int headerTimeoutMs = 10'000;
    int idleTimeoutMs = 120'000;
    QString instance;                 // "instance" field of error bodies; empty = host name

    // Time source of the rate limiter and the authentication throttle (nullptr = SystemClock).
    // Not owned; must outlive the server.
    const Clock *clock = nullptr;

    // Per-token request rate: a token bucket refilled at rateLimitPerSecond requests per second
    // that holds at most rateLimitBurst. Above it: 429 with Retry-After. 0 = no limit.
    int rateLimitPerSecond = 5000;
    int rateLimitBurst = 10000;

    // Failed authentications (an unknown or revoked token) from one address: after
    // authFailureLimit of them within authFailureWindowMs, that address gets 429 with
    // Retry-After on every authenticated route for authLockoutMs. 0 = no throttling.
    int authFailureLimit = 10;
    int authFailureWindowMs = 60'000;
    int authLockoutMs = 60'000;

    // Browser origins allowed to call the API (CORS), e.g. "https://dash.example.com"; "*" allows
    // any origin. Empty = no CORS headers at all (browsers on other origins are refused).
    QStringList corsOrigins;

    // TLS: PEM certificate (chain) and private key files. Both empty = plain HTTP.
    QString tlsCertFile;
    QString tlsKeyFile;

    // `instance`, or the machine's host name when it is empty.
    QString instanceName() const;
    // `clock`, or the system clock.
    const Clock &clockRef() const;
    bool tlsEnabled() const { return !tlsCertFile.isEmpty() || !tlsKeyFile.isEmpty(); }
};

} // namespace orrery
