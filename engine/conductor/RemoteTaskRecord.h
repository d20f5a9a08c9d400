#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <QtGlobal>
#include <deque>
#include <vector>

namespace orrery {

// The attempts Orrery's remote workers ended for the Conductor server, for the task figures of
// GET /api/stats (docs/conductor-client.md, "Operating figures"). Counted by minute of the end,
// over 24 h:
//  - completed: attempts reported COMPLETED;
//  - failed: attempts reported FAILED / FAILED_WITH_TERMINAL_ERROR that are final as far as this
//    worker knows;
//  - retried: failed attempts that came back: a later poll of the same workflow and reference
//    with a higher retryCount moves the failure from `failed` to `retried` (it was not final);
//  - retries: ended attempts whose task was polled with retryCount > 0 (the server's retry of an
//    earlier attempt, wherever that ran).
// Released tasks (drain) end nothing. Thread-safe (the conductor thread records, API query
// threads read); no clock of its own.
class RemoteTaskRecord
{
public:
    static constexpr qint64 kSliceMs = 60'000;
    static constexpr qint64 kRetentionMs = 24LL * 3600 * 1000;
    static constexpr int kTrackedFailures = 20'000;

    struct Counts
    {
        qint64 completed = 0;
        qint64 failed = 0;
        qint64 retried = 0;
        qint64 retries = 0;
        qint64 tasks() const { return completed + failed; }
        qint64 attempts() const { return completed + failed + retried; }
    };

    explicit RemoteTaskRecord(qint64 sliceMs = kSliceMs, qint64 retentionMs = kRetentionMs,
                              int trackedFailures = kTrackedFailures);

    // A task handed out by the server (poll or update-v2's next task).
    void polled(const QString &workflowId, const QString &refName, int retryCount);
    // An attempt this worker ended and reported.
    void ended(const QString &workflowId, const QString &refName, int retryCount, bool succeeded, qint64 nowMs);

    // Attempts in the slices overlapping [nowMs - windowMs, nowMs].
    Counts window(qint64 windowMs, qint64 nowMs) const;

private:
    struct Slice
    {
        qint64 index = -1;
        Counts counts;
    };
    struct Failure
    {
        qint64 slice = -1;
        int retryCount = 0;
    };
    Slice *slice(qint64 index); // under the lock; nullptr when older than the ring holds
    static qint64 floorDiv(qint64 a, qint64 b);
    static QString key(const QString &workflowId, const QString &refName);

    const qint64 m_sliceMs;
    const int m_trackedFailures;
    mutable QMutex m_mutex;
    std::vector<Slice> m_ring;
    QHash<QString, Failure> m_failures; // the last failed attempt per workflow + reference
    std::deque<QString> m_failureOrder; // oldest first, for the cap
};

} // namespace orrery
