#include "ConductorClient.h"

#include "ConductorTransport.h"
#include "core/Clock.h"
#include "recovery/CircuitBreaker.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcConductor, "orrery.conductor")

namespace orrery {

namespace {

BreakerConfig breakerConfigOf(const ConductorSettings &s)
{
    BreakerConfig c;
    c.failureThreshold = std::max(1, s.breakerFailureThreshold);
    c.resetTimeoutMs = std::max<qint64>(1, s.breakerResetMs);
    c.halfOpenProbes = 1;
    return c;
}

} // namespace

ConductorClient::ConductorClient(const ConductorSettings &settings, ConductorTransport *transport, const Clock *clock,
                                 QObject *parent)
    : QObject(parent), m_settings(settings), m_transport(transport), m_clock(clock),
      m_breaker(new CircuitBreaker(settings.breakerName(), breakerConfigOf(settings), clock, this)),
      m_auth(settings.keyId, settings.keySecret, clock)
{
    connect(m_breaker, &CircuitBreaker::stateChanged, this, &ConductorClient::breakerStateChanged);
}

// Calls still waiting for a token are dropped without an answer: their callers (owned by the
// same owner, destroyed first) are gone. Calls in flight belong to the transport.
ConductorClient::~ConductorClient() = default;

void ConductorClient::call(ConductorRequest request, std::function<void(ConductorReply)> done)
{
    const bool probe = m_breaker->state() != CircuitBreaker::State::Closed;
    if (!m_breaker->tryAcquire()) {
        ++m_refused;
        ConductorReply r;
        r.refusedByBreaker = true;
        r.retryAfterMs = std::max<qint64>(1, m_breaker->retryAfterMs());
        done(std::move(r));
        return;
    }
    withToken(Pending{std::move(request), std::move(done), probe});
}

void ConductorClient::withToken(Pending call)
{
    if (!m_auth.needsToken()) {
        send(std::move(call), false);
        return;
    }
    m_waitingForToken.append(std::move(call));
    fetchToken();
}

void ConductorClient::fetchToken()
{
    if (m_fetchingToken)
        return;
    m_fetchingToken = true;
    ++m_requests;
    ++m_tokenFetches;
    if (!m_waitingForToken.isEmpty() && m_waitingForToken.first().probe)
        ++m_probes;
    m_transport->send(m_auth.tokenRequest(), [this](ConductorReply reply) {
        m_fetchingToken = false;
        const QList<Pending> waiting = std::exchange(m_waitingForToken, {});
        auto accepted = m_auth.acceptTokenReply(reply);
        if (accepted.ok()) {
            for (const Pending &p : waiting)
                send(p, p.retried);
            return;
        }
        qCWarning(lcConductor).noquote() << accepted.error().message; // names the key id, never the secret
        if (reply.isServerFailure())
            ++m_failures;
        ConductorReply failed = reply;
        if (failed.ok()) // 200 without a token
            failed.status = 502;
        failed.error = accepted.error().message;
        for (const Pending &p : waiting) {
            record(failed);
            p.done(failed);
        }
    });
}

void ConductorClient::send(Pending call, bool retried)
{
    call.retried = retried;
    call.request.headers.removeIf([](const auto &h) { return h.first == "X-Authorization"; });
    if (!m_auth.header().isEmpty())
        call.request.headers.append({QByteArrayLiteral("X-Authorization"), m_auth.header()});
    ++m_requests;
    if (call.probe && !retried)
        ++m_probes;
    ConductorRequest request = call.request;
    m_transport->send(request, [this, call = std::move(call), retried](ConductorReply reply) mutable {
        if (!retried && m_auth.enabled() && !m_auth.isOss() && ConductorAuth::isAuthRejection(reply)) {
            ++m_authRetries;
            m_auth.invalidate(); // one refresh, one retry
            call.retried = true; // a second rejection is final
            call.probe = false;
            m_waitingForToken.append(std::move(call));
            fetchToken();
            return;
        }
        if (reply.isServerFailure())
            ++m_failures;
        record(reply);
        call.done(std::move(reply));
    });
}

void ConductorClient::record(const ConductorReply &reply)
{
    if (reply.isServerFailure())
        m_breaker->recordFailure(reply.describe().left(200));
    else
        m_breaker->recordSuccess();
}

void ConductorClient::cancelAll()
{
    m_transport->cancelAll();
}

ConductorClient::Counters ConductorClient::counters() const
{
    return Counters{m_requests.load(), m_probes.load(), m_refused.load(), m_failures.load(), m_tokenFetches.load(),
                    m_authRetries.load()};
}

QJsonObject ConductorClient::statusJson() const
{
    const Counters c = counters();
    QJsonObject breaker = m_breaker->toJson();
    QString auth = QStringLiteral("none");
    if (m_auth.enabled())
        auth = m_auth.isOss() ? QStringLiteral("oss") : QStringLiteral("token");
    return QJsonObject{{QStringLiteral("url"), m_settings.url},
                       {QStringLiteral("auth"), auth},
                       {QStringLiteral("keyId"), m_settings.keyId},
                       {QStringLiteral("breaker"), breaker},
                       {QStringLiteral("requests"), double(c.requests)},
                       {QStringLiteral("probes"), double(c.probes)},
                       {QStringLiteral("refusedByBreaker"), double(c.refused)},
                       {QStringLiteral("serverFailures"), double(c.failures)},
                       {QStringLiteral("tokenFetches"), double(c.tokenFetches)},
                       {QStringLiteral("authRetries"), double(c.authRetries)}};
}

} // namespace orrery
