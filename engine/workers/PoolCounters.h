#pragma once

#include "workers/TaskAssignment.h"
#include "workers/TaskOutcome.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>

namespace orrery {

// The pool's limits and counters, shared between the pool thread (which starts and finishes
// tasks) and any thread asking freeSlots() or stats(). One mutex, held only for a few
// arithmetic operations.
//  - outstanding: submitted and not yet delivered in a finished() batch (what freeSlots counts,
//    so a caller that submits what freeSlots allowed never over-fills the pool);
//  - queued: submitted, waiting for a slot; running: handler started, not finished.
class PoolCounters
{
public:
    enum class Admit { Ok, TypeFull, GlobalFull };

    PoolCounters(int maxConcurrent, const QHash<QString, int> &maxPerType);

    void setMaxConcurrent(int max);
    void setTypeLimit(const QString &type, int max); // max <= 0: no per-type limit
    int limitFor(const QString &type) const;

    int freeSlots(const QString &type) const;
    void submitted(const QList<TaskAssignment> &tasks);
    Admit tryStart(const QString &type);                                  // queued -> running
    void finishRunning(const QString &type, TaskOutcome::Status status);  // running -> done
    void finishQueued(const QString &type, TaskOutcome::Status status);   // queued -> done (never ran)
    void delivered(const QList<TaskOutcome> &batch);

    QJsonObject toJson() const;

private:
    struct TypeCounters
    {
        int limit = 0; // 0: maxConcurrent applies
        qint64 outstanding = 0;
        qint64 queued = 0;
        qint64 running = 0;
        qint64 completed = 0;
        qint64 failed = 0;
        qint64 failedTerminal = 0;
    };
    int limitLocked(const TypeCounters &t) const { return t.limit > 0 ? t.limit : m_maxConcurrent; }
    static void count(TypeCounters &t, TaskOutcome::Status status);

    mutable QMutex m_mutex;
    QHash<QString, TypeCounters> m_types;
    int m_maxConcurrent;
    qint64 m_outstanding = 0;
    qint64 m_running = 0;
};

} // namespace orrery
