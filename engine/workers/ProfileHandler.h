#pragma once

#include "workers/HandlerContext.h"
#include "workers/ProcSampler.h"
#include "workers/TaskHandler.h"

#include <QJsonArray>
#include <memory>

class QTimer;

namespace orrery {

// Built-in "profile": samples CPU time, RSS and thread count of a process (default: this one)
// every intervalMs for windowSeconds, from /proc. What the nightly profiling workflow runs.
// See docs/task-types.md.
class ProfileHandler final : public TaskHandler
{
public:
    static constexpr double kDefaultWindowSeconds = 10;
    static constexpr int kDefaultIntervalMs = 1000;
    static constexpr qint64 kMaxSamples = 100000;

    explicit ProfileHandler(const HandlerContext &context);
    ~ProfileHandler() override;

    void start(const TaskAssignment &task, Done done) override;
    void cancel() override;

private:
    void onTick();
    QJsonObject output(bool processExited) const;
    void finish(TaskOutcome outcome);

    HandlerContext m_context;
    Done m_done;
    std::unique_ptr<QTimer> m_timer;
    QJsonArray m_samples;
    ProcSample m_previous;
    qint64 m_previousMs = 0;
    qint64 m_startedMs = 0;
    qint64 m_pid = 0;
    qint64 m_ticksPerSecond = 100;
    qint64 m_targetSamples = 0;
    double m_windowSeconds = kDefaultWindowSeconds;
    int m_intervalMs = kDefaultIntervalMs;
    // running summary
    double m_cpuSum = 0;
    double m_cpuMax = 0;
    double m_rssSum = 0;
    qint64 m_rssMax = 0;
    int m_threadsMax = 0;
    bool m_finished = false;
};

} // namespace orrery
