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
// In the Conductor client mode the instants of jobs whose workflow starts on the server are
// `remote`, the others (built-in actions, local mode) `local`; the figure is over both and its
// detail has each (with the ends of the runs that fired: completed, or failed/timed out/
// terminated, read back from the server for remote runs).
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
        double completed = 0;   // runs that fired and ended COMPLETED
        double endedFailed = 0; // runs that fired and ended FAILED, TIMED_OUT or TERMINATED
        double due() const { return fired + missed + startFailed; }
        Window &operator+=(const Window &o);
        QJsonObject toJson() const;
    };
    enum class Source { Local = 0, Remote = 1 };

    explicit JobUptime(qint64 sliceMs = kSliceMs, qint64 retentionMs = kRetentionMs);

    void recordFired(qint64 scheduledMs, Source source = Source::Local);
    void recordStartFailed(qint64 scheduledMs, Source source = Source::Local);
    // `count` instants from firstMs to lastMs, evenly spaced.
    void recordMissed(qint64 firstMs, qint64 lastMs, int count, Source source = Source::Local);
    void recordEnded(qint64 scheduledMs, bool completed, Source source = Source::Local);
    // A job_fired / job_missed / job_error / job_run_finished event of the Scheduler; anything
    // else is ignored. A job_run_finished whose detail.source is "remote" is remote whatever
    // `source` says.
    void recordEvent(const EngineEvent &event, Source source = Source::Local);
    // A run from the store's history (manual runs are ignored); a run whose detail.source is
    // "remote" is remote whatever `source` says.
    void seed(const JobRun &run, Source source = Source::Local);

    // Instants in the slices overlapping [nowMs - windowMs, nowMs]: both sources, or one.
    Window window(qint64 windowMs, qint64 nowMs) const;
    Window window(qint64 windowMs, qint64 nowMs, Source source) const;
    StatsFigure figure(qint64 windowMs, qint64 nowMs) const;

    static void registerProvider(StatsRegistry *registry, const std::shared_ptr<const JobUptime> &uptime);
    static void removeProvider(StatsRegistry *registry);

private:
    enum class Kind { Fired, Missed, StartFailed, Completed, EndedFailed };
    struct Slice
    {
        qint64 index = -1;
        Window counts[2]; // by Source
    };
    void add(qint64 atMs, Kind kind, double n, Source source); // under the lock
    Window sum(qint64 windowMs, qint64 nowMs, int fromSource, int toSource) const;
    static qint64 floorDiv(qint64 a, qint64 b);

    const qint64 m_sliceMs;
    mutable QMutex m_mutex;
    bool m_anyRemote = false;
    std::vector<Slice> m_ring;
};

} // namespace orrery
