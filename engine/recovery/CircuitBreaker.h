#pragma once

#include "BreakerConfig.h"
#include "BreakerSnapshot.h"
#include "SlidingWindow.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

namespace orrery {

class Clock;

// A circuit breaker around one resource (docs/recovery.md, "Circuit breakers").
//
// CLOSED: calls pass. Counted failures open it after `failureThreshold` in a row, or when the
//   sliding window holds >= minimumCalls outcomes with >= failureRateThreshold % failures.
// OPEN: calls fail fast (tryAcquire() == false, counted as a rejection). After resetTimeoutMs
//   it becomes HALF_OPEN.
// HALF_OPEN: `halfOpenProbes` calls are let through; the first probe success closes it, a counted
//   probe failure opens it again. A probe that never reports is forgotten after resetTimeoutMs.
// FORCED_OPEN: set by forceOpen(); like OPEN but never moves by itself (forceClose()/reset()).
//
// No timers: time-based transitions are computed from the injected Clock whenever the breaker is
// used or observed (tryAcquire, record*, state, toJson). msUntilHalfOpen() tells an owner with a
// timer when to look again. Not thread-safe: use it from its own thread (the engine thread).
class CircuitBreaker : public QObject
{
    Q_OBJECT

public:
    enum class State { Closed, Open, HalfOpen, ForcedOpen };

    struct FailureRecord
    {
        qint64 timeMs = 0;
        QString message;
        bool counted = true;
    };

    static constexpr int kRecentFailures = 20;

    // `clock` must outlive the breaker.
    CircuitBreaker(const QString &name, const BreakerConfig &config, const Clock *clock,
                   QObject *parent = nullptr);

    QString name() const { return m_name; }
    BreakerConfig config() const { return m_config; }
    // Applies new settings; keeps the state and counters, starts a new sliding window.
    void setConfig(const BreakerConfig &config);

    // The current state, after applying any time-based transition that is due.
    State state();
    static QString stateName(State s); // "CLOSED", "OPEN", "HALF_OPEN", "FORCED_OPEN"

    // Asks to make a call. false = fail fast (open, or half-open with every probe taken).
    bool tryAcquire();
    // Gives back a call granted by tryAcquire() that was never made (another guard refused
    // it): frees its half-open probe slot. Records no outcome.
    void cancelAcquire();
    void recordSuccess();
    // counts = false: an error that says nothing about the resource's health (a terminal or
    // user error); it is listed in recentFailures but never opens or closes the breaker, and
    // frees a half-open probe slot.
    void recordFailure(bool counts = true, const QString &message = QString());
    void recordFailure(const QString &message, bool counts = true);
    void recordFailure(const char *message, bool counts = true);

    void forceOpen(const QString &reason = QString());
    void forceClose(const QString &reason = QString());
    // Back to CLOSED with every counter, the window and the failure history cleared.
    void reset();

    // A poll of a remote worker that this breaker refused (RemotePollGate): counted only.
    void notePollRefused() { ++m_counters.pollsRefused; }
    quint64 pollsRefused() const { return m_counters.pollsRefused; }

    // State, times and counters as they are now (no time-based transition is applied first),
    // for the store (docs/recovery.md, "Breakers across restarts").
    BreakerSnapshot snapshot() const;
    // Takes a snapshot's state, times and counters (the name is not checked) without emitting
    // stateChanged: the transitions happened in the earlier process. An OPEN breaker goes
    // HALF_OPEN when openedAtMs + resetTimeout has passed by the clock, as if it had never
    // stopped; HALF_OPEN starts with no probe out; FORCED_OPEN stays until an operator acts.
    void restore(const BreakerSnapshot &snapshot);

    // Milliseconds until OPEN becomes HALF_OPEN (0 if due now); -1 in any other state.
    qint64 msUntilHalfOpen() const;
    // How long a caller refused by tryAcquire() should wait before asking again: until
    // half-open while OPEN; while HALF_OPEN with every probe out, until the probes are
    // forgotten, at most the reset timeout; resetTimeout while FORCED_OPEN; 0 when CLOSED.
    qint64 retryAfterMs();

    const BreakerCounters &counters() const { return m_counters; }
    quint64 calls() const { return m_counters.calls; }
    quint64 successes() const { return m_counters.successes; }
    quint64 failures() const { return m_counters.failures; }
    quint64 ignoredFailures() const { return m_counters.ignoredFailures; }
    quint64 rejections() const { return m_counters.rejections; }
    quint64 trips() const { return m_counters.trips; }
    int consecutiveFailures() const { return m_counters.consecutiveFailures; }
    int halfOpenProbesInFlight() const { return m_probesIssued; }
    QString lastFailureMessage() const { return m_counters.lastFailureMessage; }
    qint64 lastFailureMs() const { return m_counters.lastFailureMs; }
    QList<FailureRecord> recentFailures() const { return m_recent; }   // oldest first
    SlidingWindow::Totals windowTotals() const;

    // Status for the REST route /api/circuitbreaker/status.
    QJsonObject toJson();

signals:
    void stateChanged(const QString &name, const QString &from, const QString &to, const QString &reason);
    // After every transition and after reset() (which clears counters even when already
    // CLOSED): what an owner that saves snapshots listens to.
    void snapshotChanged(const QString &name);

private:
    void advance();
    void transition(State to, const QString &reason);
    void remember(const QString &message, bool counted);
    void maybeTrip();

    QString m_name;
    BreakerConfig m_config;
    const Clock *m_clock;
    SlidingWindow m_window;
    State m_state = State::Closed;
    qint64 m_openedAtMs = 0;
    qint64 m_lastChangeMs = 0;
    qint64 m_lastProbeMs = 0;
    int m_probesIssued = 0;
    BreakerCounters m_counters;
    QList<FailureRecord> m_recent;
};

} // namespace orrery
