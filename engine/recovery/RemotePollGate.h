#pragma once

#include "TaskGuard.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <deque>

namespace orrery {

class BreakerRegistry;
class CircuitBreaker;
struct TaskDef;

// Circuit breakers on the remote worker routes (docs/recovery.md, "Remote pollers"): the
// breaker "task:<taskType>" — when the type's definition has a `breaker` object, or the
// breaker exists anyway (an operator forced it open, or it was restored from the store) —
// decides how many tasks a poll of that type may be handed:
//   CLOSED       every task asked for;
//   HALF_OPEN    at most the probes still free (halfOpenProbes minus those out);
//   OPEN, FORCED_OPEN  none: the poll gets Conductor's "nothing to do" answer.
// A fresh poll that gets none is counted on the breaker (pollsRefused, and one rejection) and
// logged at debug level; a waiting long poll that is refused again when a task arrives is not
// counted again. Tasks handed out under a breaker are remembered by taskId (at most
// kMaxGrants, the oldest forgotten first) until their outcome arrives as an engine event:
// COMPLETED closes a half-open breaker, FAILED and TIMED_OUT count as failures,
// FAILED_WITH_TERMINAL_ERROR is recorded without counting, CANCELED/SKIPPED give the grant back.
//
// Not thread-safe: lives on the engine thread, a child of the engine core like the registry.
class RemotePollGate : public QObject
{
    Q_OBJECT

public:
    static constexpr auto kObjectName = "orrery.pollgate";
    static constexpr int kMaxGrants = 100000;

    // `registry` must outlive the gate.
    explicit RemotePollGate(BreakerRegistry *registry, QObject *parent = nullptr);

    // The gate that is a child of `host`, created on first use (same rule as
    // BreakerRegistry::attachedTo).
    static RemotePollGate *attachedTo(QObject *host, BreakerRegistry *registry);

    // How many of `count` tasks of `taskType` a remote worker may be handed now. `def` may be
    // null. `freshPoll`: a new poll (counted when refused), not a waiting one served again.
    int admit(const QString &taskType, const TaskDef *def, int count, bool freshPoll);
    // After admit(): the tasks actually handed out; the grants admitted but not used go back.
    void handedOut(const QString &taskType, int admitted, const QStringList &taskIds);
    // An engine event of a task (task_completed, task_failed, task_timed_out, task_canceled,
    // task_skipped; others are ignored): records the outcome of a task this gate let through.
    void taskEvent(const QString &eventName, const QString &taskId, const QString &status, const QString &reason);

    int grantCount() const { return int(m_grants.size()); }

private:
    CircuitBreaker *breakerFor(const QString &taskType, const TaskDef *def);
    void release(const QString &taskId);

    BreakerRegistry *m_registry;
    TaskGuard m_definitions; // parses the definitions' breaker objects into the registry
    QHash<QString, QString> m_grants; // taskId -> breaker name
    std::deque<QString> m_order;      // taskIds in grant order (may hold ids already released)
};

} // namespace orrery
