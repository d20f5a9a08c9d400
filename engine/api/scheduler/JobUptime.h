#pragma once

#include "api/StatsRegistry.h"

#include <QMutex>
#include <QtGlobal>
#include <memory>
#include <vector>

namespace orrery {

struct EngineEvent;
struct JobRun;

// scheduledJobUptime of GET /api/stats (docs/scheduling.md, "Operating figure"): of the
// scheduled instants (manual runs excluded) whose nominal time falls in the window, the share
// that fired. Fed by the scheduler's own run path: job_fired (fired), job_missed (missed; a
// folded record of n instants counts n, spread over its first..last instant), job_error with
// reason start_failed (due, not fired: the engine refused to start the workflow). At start the
// module seeds it from the run history in the store (the runs the scheduler keeps per job), so a
// restart does not reset it; runs still in flight at seeding time are left to their events.
//
// Counts per minute (of nominal time) in a ring covering 24 h; windows are answered to the
// minute. No clock of its own: times are the runs' nominal instants and the caller's `nowMs`.
// Thread-safe (the scheduler thread records, API query threads read).
class JobUptime
{
public:
    static constexpr qint64 kSliceMs = 60'000;
    static constexpr qint64 kRetentionMs = 24LL * 3600 * 1000;

    struct Window
    {
        double fired = 0;
        double missed = 0;
        double startFailed = 0;
        double due() const { return fired + missed + startFailed; }
    };

    explicit JobUptime(qint64 sliceMs = kSliceMs, qint64 retentionMs = kRetentionMs);

    void recordFired(qint64 scheduledMs);
    void recordStartFailed(qint64 scheduledMs);
    // `count` instants from firstMs to lastMs, evenly spaced.
    void recordMissed(qint64 firstMs, qint64 lastMs, int count);
    // A job_fired / job_missed / job_error event of the Scheduler; anything else is ignored.
    void recordEvent(const EngineEvent &event);
    // A run from the store's history (final statuses only; manual runs are ignored).
    void seed(const JobRun &run);

    // Instants in the slices overlapping [nowMs - windowMs, nowMs].
    Window window(qint64 windowMs, qint64 nowMs) const;
    StatsFigure figure(qint64 windowMs, qint64 nowMs) const;

    static void registerProvider(StatsRegistry *registry, const std::shared_ptr<const JobUptime> &uptime);
    static void removeProvider(StatsRegistry *registry);

private:
    enum class Kind { Fired, Missed, StartFailed };
    struct Slice
    {
        qint64 index = -1;
        Window counts;
    };
    void add(qint64 atMs, Kind kind, double n); // under the lock
    static qint64 floorDiv(qint64 a, qint64 b);

    const qint64 m_sliceMs;
    mutable QMutex m_mutex;
    std::vector<Slice> m_ring;
};

} // namespace orrery
