#pragma once

#include "OpsTableModel.h"

#include <QHash>

namespace orrery {

class Clock;

// The circuit breakers of GET /api/circuitbreaker/status (one row per breaker, keyed by name):
// state (colored), counters, the window's failure rate, the time to half-open as a countdown and
// the last failure, or else the reason of the last transition seen in a breaker_state_changed
// event. The countdown is the server's msUntilHalfOpen minus the time passed (on the injected
// clock) since the status was received; tick() repaints it.
class BreakerTableModel : public OpsTableModel
{
    Q_OBJECT

public:
    enum Column { Name, State, Since, Calls, Failures, FailureRate, Rejections, Trips, HalfOpenIn, LastFailure, ColumnCount };

    explicit BreakerTableModel(Clock *clock, QObject *parent = nullptr);

    // Takes the status answer {"breakers": [...], "count", "open"}.
    void setStatus(const QJsonObject &status);
    // Takes one breaker's status (the answer of an open/close/reset action).
    void updateBreaker(const QJsonObject &breaker);
    // Remembers the reason of a breaker_state_changed event ({name, from, to, reason, ...}).
    void noteTransition(const QJsonObject &event);
    QString lastTransitionReason(const QString &name) const { return m_reasons.value(name); }

    QString stateOf(const QString &name) const;
    // Milliseconds left until the OPEN breaker may half-open; -1 when not OPEN.
    qint64 msUntilHalfOpen(const QString &name) const;
    // Whether an OPEN breaker's countdown has run out (its status should be read again).
    bool countdownDue() const;
    // Repaints the countdown and "since" columns.
    void tick();

    static QColor stateColor(const QString &state);

protected:
    QVariant cellData(const QJsonObject &row, int column, int role) const override;

private:
    qint64 remaining(const QJsonObject &row) const;

    Clock *m_clock;
    QHash<QString, QString> m_reasons;
};

} // namespace orrery
