#pragma once

#include "ConductorAuth.h"
#include "ConductorRequest.h"
#include "ConductorSettings.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <atomic>
#include <functional>

namespace orrery {

class CircuitBreaker;
class Clock;
class ConductorTransport;

// The one way to call a Conductor server: every request passes the server's circuit breaker
// ("conductor:<host:port>") and carries its token (ConductorAuth). While the breaker is open no
// request is sent (the caller gets refusedByBreaker with retryAfterMs) except the breaker's
// half-open probe, so a server that is down sees one request per breakerResetMs.
// No answer, 429 and 5xx count as failures of the server; any other answer as a success.
// Lives on one thread (the transport's); call() from there only. counters() from any thread.
class ConductorClient : public QObject
{
    Q_OBJECT

public:
    struct Counters
    {
        quint64 requests = 0;       // sent to the server (token exchanges included)
        quint64 probes = 0;         // of those, sent while the breaker was not CLOSED
        quint64 refused = 0;        // not sent: breaker open
        quint64 failures = 0;       // no answer, 429 or 5xx
        quint64 tokenFetches = 0;   // POST /api/token sent
        quint64 authRetries = 0;    // calls repeated after a 401/403 token rejection
    };

    // `transport` and `clock` must outlive the client.
    ConductorClient(const ConductorSettings &settings, ConductorTransport *transport, const Clock *clock,
                    QObject *parent = nullptr);
    ~ConductorClient() override;

    void call(ConductorRequest request, std::function<void(ConductorReply)> done);
    // Ends calls in flight (their callbacks get status 0).
    void cancelAll();

    const ConductorSettings &settings() const { return m_settings; }
    CircuitBreaker *breaker() const { return m_breaker; }
    Counters counters() const;
    bool isOss() const { return m_auth.isOss(); }
    // {url, breaker: {name, state, trips, ...}, auth: "none"|"token"|"oss", requests, probes, ...}
    // (no secret). On the client's thread.
    QJsonObject statusJson() const;

Q_SIGNALS:
    void breakerStateChanged(const QString &name, const QString &from, const QString &to, const QString &reason);

private:
    struct Pending
    {
        ConductorRequest request;
        std::function<void(ConductorReply)> done;
        bool probe = false;
        bool retried = false; // already repeated once after a token rejection
    };

    void withToken(Pending call);
    void fetchToken();
    void send(Pending call, bool retried);
    void record(const ConductorReply &reply);

    ConductorSettings m_settings;
    ConductorTransport *m_transport;
    const Clock *m_clock;
    CircuitBreaker *m_breaker;
    ConductorAuth m_auth;
    QList<Pending> m_waitingForToken;
    bool m_fetchingToken = false;
    std::atomic<quint64> m_requests{0}, m_probes{0}, m_refused{0}, m_failures{0}, m_tokenFetches{0}, m_authRetries{0};
};

} // namespace orrery
