#include "CircuitBreaker.h"

#include "core/Clock.h"

#include <QJsonArray>
#include <algorithm>

namespace orrery {

CircuitBreaker::CircuitBreaker(const QString &name, const BreakerConfig &config, const Clock *clock,
                               QObject *parent)
    : QObject(parent)
    , m_name(name)
    , m_config(config)
    , m_clock(clock)
    , m_window(config.windowType, config.windowSize)
    , m_lastChangeMs(clock->nowMs())
{
}

void CircuitBreaker::setConfig(const BreakerConfig &config)
{
    m_config = config;
    m_window = SlidingWindow(config.windowType, config.windowSize);
    m_probesIssued = std::min(m_probesIssued, config.halfOpenProbes);
}

QString CircuitBreaker::stateName(State s)
{
    switch (s) {
    case State::Closed: return QStringLiteral("CLOSED");
    case State::Open: return QStringLiteral("OPEN");
    case State::HalfOpen: return QStringLiteral("HALF_OPEN");
    case State::ForcedOpen: return QStringLiteral("FORCED_OPEN");
    }
    return QString();
}

CircuitBreaker::State CircuitBreaker::state()
{
    advance();
    return m_state;
}

void CircuitBreaker::advance()
{
    const qint64 now = m_clock->nowMs();
    if (m_state == State::Open && now >= m_openedAtMs + m_config.resetTimeoutMs) {
        transition(State::HalfOpen, QStringLiteral("reset timeout of %1 ms elapsed; letting %2 probe call(s) through")
                                        .arg(m_config.resetTimeoutMs).arg(m_config.halfOpenProbes));
    }
    if (m_state == State::HalfOpen && m_probesIssued >= m_config.halfOpenProbes
        && now - m_lastProbeMs >= m_config.resetTimeoutMs) {
        m_probesIssued = 0; // the probes never reported: let new ones through
    }
}

void CircuitBreaker::transition(State to, const QString &reason)
{
    if (m_state == to)
        return;
    const State from = m_state;
    const qint64 now = m_clock->nowMs();
    m_state = to;
    m_lastChangeMs = now;
    m_probesIssued = 0;
    switch (to) {
    case State::Open:
        m_openedAtMs = now;
        ++m_counters.trips;
        break;
    case State::ForcedOpen:
        m_openedAtMs = now;
        break;
    case State::Closed:
        m_counters.consecutiveFailures = 0;
        m_window.clear();
        break;
    case State::HalfOpen:
        break;
    }
    emit stateChanged(m_name, stateName(from), stateName(to), reason);
    emit snapshotChanged(m_name);
}

bool CircuitBreaker::tryAcquire()
{
    advance();
    switch (m_state) {
    case State::Closed:
        return true;
    case State::HalfOpen:
        if (m_probesIssued < m_config.halfOpenProbes) {
            ++m_probesIssued;
            m_lastProbeMs = m_clock->nowMs();
            return true;
        }
        break;
    case State::Open:
    case State::ForcedOpen:
        break;
    }
    ++m_counters.rejections;
    return false;
}

void CircuitBreaker::cancelAcquire()
{
    if (m_state == State::HalfOpen && m_probesIssued > 0)
        --m_probesIssued;
}

qint64 CircuitBreaker::retryAfterMs()
{
    advance();
    switch (m_state) {
    case State::Closed:
        return 0;
    case State::Open:
        return msUntilHalfOpen();
    case State::HalfOpen:
        if (m_probesIssued < m_config.halfOpenProbes)
            return 0;
        return std::clamp<qint64>(m_lastProbeMs + m_config.resetTimeoutMs - m_clock->nowMs(), 0, m_config.resetTimeoutMs);
    case State::ForcedOpen:
        return m_config.resetTimeoutMs;
    }
    return 0;
}

void CircuitBreaker::recordSuccess()
{
    advance();
    ++m_counters.calls;
    ++m_counters.successes;
    if (m_state == State::Closed) {
        m_counters.consecutiveFailures = 0;
        m_window.record(false, m_clock->nowMs());
    } else if (m_state == State::HalfOpen) {
        transition(State::Closed, QStringLiteral("probe call succeeded"));
    }
}

void CircuitBreaker::recordFailure(const QString &message, bool counts)
{
    recordFailure(counts, message);
}

void CircuitBreaker::recordFailure(const char *message, bool counts)
{
    recordFailure(counts, QString::fromUtf8(message));
}

void CircuitBreaker::recordFailure(bool counts, const QString &message)
{
    advance();
    ++m_counters.calls;
    remember(message, counts);
    if (!counts) {
        ++m_counters.ignoredFailures;
        if (m_state == State::HalfOpen && m_probesIssued > 0)
            --m_probesIssued;
        return;
    }
    ++m_counters.failures;
    m_counters.lastFailureMessage = message;
    m_counters.lastFailureMs = m_clock->nowMs();
    if (m_state == State::Closed) {
        ++m_counters.consecutiveFailures;
        m_window.record(true, m_counters.lastFailureMs);
        maybeTrip();
    } else if (m_state == State::HalfOpen) {
        transition(State::Open, message.isEmpty() ? QStringLiteral("probe call failed")
                                                  : QStringLiteral("probe call failed: %1").arg(message));
    }
}

void CircuitBreaker::maybeTrip()
{
    const QString last = m_counters.lastFailureMessage.isEmpty()
        ? QString() : QStringLiteral("; last error: %1").arg(m_counters.lastFailureMessage);
    if (m_config.failureThreshold > 0 && m_counters.consecutiveFailures >= m_config.failureThreshold) {
        transition(State::Open, QStringLiteral("%1 consecutive failures (threshold %2)%3")
                                    .arg(m_counters.consecutiveFailures).arg(m_config.failureThreshold).arg(last));
        return;
    }
    if (m_config.failureRateThreshold <= 0)
        return;
    const SlidingWindow::Totals t = m_window.totals(m_clock->nowMs());
    if (t.calls < m_config.minimumCalls)
        return;
    if (qint64(t.failures) * 100 >= qint64(m_config.failureRateThreshold) * t.calls) {
        const QString span = m_config.windowType == BreakerConfig::WindowType::Calls
            ? QStringLiteral("the last %1 calls").arg(t.calls)
            : QStringLiteral("the last %1 s").arg(m_config.windowSize);
        transition(State::Open, QStringLiteral("failure rate %1% (%2 of %3 calls in %4) reached the threshold of %5%%6")
                                    .arg(QString::number(100.0 * t.failures / t.calls, 'f', 1))
                                    .arg(t.failures).arg(t.calls).arg(span)
                                    .arg(m_config.failureRateThreshold).arg(last));
    }
}

void CircuitBreaker::remember(const QString &message, bool counted)
{
    m_recent.append({m_clock->nowMs(), message, counted});
    while (m_recent.size() > kRecentFailures)
        m_recent.removeFirst();
}

void CircuitBreaker::forceOpen(const QString &reason)
{
    transition(State::ForcedOpen, reason.isEmpty() ? QStringLiteral("forced open") : reason);
}

void CircuitBreaker::forceClose(const QString &reason)
{
    transition(State::Closed, reason.isEmpty() ? QStringLiteral("forced closed") : reason);
    m_counters.consecutiveFailures = 0;
    m_window.clear();
}

void CircuitBreaker::reset()
{
    const bool wasClosed = m_state == State::Closed;
    m_counters = BreakerCounters();
    m_recent.clear();
    m_window.clear();
    transition(State::Closed, QStringLiteral("reset"));
    m_probesIssued = 0;
    if (wasClosed) // no transition, but the counters changed
        emit snapshotChanged(m_name);
}

BreakerSnapshot CircuitBreaker::snapshot() const
{
    BreakerSnapshot s;
    s.name = m_name;
    s.state = stateName(m_state);
    s.openedAtMs = m_openedAtMs;
    s.stateSinceMs = m_lastChangeMs;
    s.savedAtMs = m_clock->nowMs();
    s.counters = m_counters;
    return s;
}

void CircuitBreaker::restore(const BreakerSnapshot &s)
{
    static const QList<State> all = {State::Closed, State::Open, State::HalfOpen, State::ForcedOpen};
    m_state = State::Closed;
    for (State st : all)
        if (stateName(st) == s.state)
            m_state = st;
    m_openedAtMs = s.openedAtMs;
    m_lastChangeMs = s.stateSinceMs;
    m_lastProbeMs = 0;
    m_probesIssued = 0;
    m_counters = s.counters;
    if (m_state != State::Closed)
        m_counters.consecutiveFailures = 0;
    m_recent.clear();
    m_window.clear();
}

qint64 CircuitBreaker::msUntilHalfOpen() const
{
    if (m_state != State::Open)
        return -1;
    return std::max<qint64>(0, m_openedAtMs + m_config.resetTimeoutMs - m_clock->nowMs());
}

SlidingWindow::Totals CircuitBreaker::windowTotals() const
{
    return m_window.totals(m_clock->nowMs());
}

QJsonObject CircuitBreaker::toJson()
{
    advance();
    const SlidingWindow::Totals t = windowTotals();
    QJsonObject window{{QStringLiteral("calls"), t.calls},
                       {QStringLiteral("failures"), t.failures},
                       {QStringLiteral("failureRatePercent"), t.calls > 0 ? 100.0 * t.failures / t.calls : 0.0}};
    QJsonArray recent;
    for (const FailureRecord &r : std::as_const(m_recent))
        recent.append(QJsonObject{{QStringLiteral("timeMs"), double(r.timeMs)},
                                  {QStringLiteral("message"), r.message},
                                  {QStringLiteral("counted"), r.counted}});
    QJsonObject o{{QStringLiteral("name"), m_name},
                  {QStringLiteral("state"), stateName(m_state)},
                  {QStringLiteral("stateSinceMs"), double(m_lastChangeMs)},
                  {QStringLiteral("config"), m_config.toJson()},
                  {QStringLiteral("halfOpenProbesInFlight"), m_probesIssued},
                  {QStringLiteral("window"), window},
                  {QStringLiteral("recentFailures"), recent}};
    m_counters.writeJson(o);
    if (m_state == State::Open)
        o.insert(QStringLiteral("msUntilHalfOpen"), double(msUntilHalfOpen()));
    if (m_state == State::Open || m_state == State::ForcedOpen)
        o.insert(QStringLiteral("openedAtMs"), double(m_openedAtMs));
    if (m_counters.lastFailureMs > 0)
        o.insert(QStringLiteral("lastFailure"), QJsonObject{{QStringLiteral("timeMs"), double(m_counters.lastFailureMs)},
                                                             {QStringLiteral("message"), m_counters.lastFailureMessage}});
    return o;
}

} // namespace orrery
