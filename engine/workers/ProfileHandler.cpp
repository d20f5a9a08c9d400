#include "ProfileHandler.h"

#include "core/Clock.h"
#include "workers/InputReader.h"

#include <QCoreApplication>
#include <QTimer>
#include <cmath>

namespace orrery {

namespace {

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

} // namespace

ProfileHandler::ProfileHandler(const HandlerContext &context) : m_context(context) {}

ProfileHandler::~ProfileHandler() = default;

void ProfileHandler::start(const TaskAssignment &task, Done done)
{
    m_done = std::move(done);
    InputReader in(task.input);
    m_pid = in.integer(QStringLiteral("pid"), QCoreApplication::applicationPid(), 1, INT_MAX);
    m_windowSeconds = in.number(QStringLiteral("windowSeconds"), kDefaultWindowSeconds, 0.001, 7 * 86400.0);
    m_intervalMs = int(in.integer(QStringLiteral("intervalMs"), kDefaultIntervalMs, 1, 3'600'000));
    if (in.ok() && m_intervalMs > m_windowSeconds * 1000.0)
        in.fail(QStringLiteral("input.intervalMs (%1) must not exceed input.windowSeconds (%2 s)")
                    .arg(m_intervalMs)
                    .arg(m_windowSeconds));
    m_targetSamples = qint64(std::floor(m_windowSeconds * 1000.0 / m_intervalMs + 1e-9));
    if (in.ok() && m_targetSamples > kMaxSamples)
        in.fail(QStringLiteral("input.windowSeconds / input.intervalMs gives %1 samples; at most %2 are allowed")
                    .arg(m_targetSamples)
                    .arg(kMaxSamples));
    if (!in.ok()) {
        finish(TaskOutcome::badInput(in.error()));
        return;
    }
    const std::optional<ProcSample> baseline = ProcSampler::sample(m_pid);
    if (!baseline) {
        FailureInfo f;
        f.kind = QStringLiteral("input");
        f.errorCode = QStringLiteral("unknown_pid");
        finish(TaskOutcome::failedTerminal(
            QStringLiteral("input.pid %1: no such process (or /proc/%1 is not readable)").arg(m_pid), f));
        return;
    }
    m_ticksPerSecond = ProcSampler::ticksPerSecond();
    m_previous = *baseline;
    m_startedMs = m_previousMs = m_context.clock->nowMs();
    m_timer = std::make_unique<QTimer>();
    m_timer->setTimerType(Qt::PreciseTimer);
    QObject::connect(m_timer.get(), &QTimer::timeout, m_timer.get(), [this] { onTick(); });
    m_timer->start(m_intervalMs);
}

void ProfileHandler::cancel()
{
    // Report at once with the samples taken so far; the pool marks the task as interrupted.
    finish(TaskOutcome::completed(output(false)));
}

void ProfileHandler::onTick()
{
    const std::optional<ProcSample> s = ProcSampler::sample(m_pid);
    const qint64 now = m_context.clock->nowMs();
    if (!s) {
        if (m_samples.isEmpty()) {
            FailureInfo f;
            f.kind = QStringLiteral("other");
            f.errorCode = QStringLiteral("process_exited");
            finish(TaskOutcome::failed(QStringLiteral("process %1 exited before the first sample").arg(m_pid), f));
        } else {
            TaskOutcome outcome = TaskOutcome::completed(output(true));
            outcome.logs << QStringLiteral("process %1 exited after %2 samples").arg(m_pid).arg(m_samples.size());
            finish(std::move(outcome));
        }
        return;
    }
    // CPU share over the interval, in percent of one core (a busy process with two busy threads
    // shows 200, as in top). Elapsed time comes from the injected clock.
    const qint64 elapsedMs = now - m_previousMs;
    const qint64 ticks = s->cpuTicks - m_previous.cpuTicks;
    const double cpu = elapsedMs > 0 ? round2(double(ticks) * 1000.0 / double(m_ticksPerSecond) / double(elapsedMs) * 100.0) : 0.0;
    m_samples.append(QJsonObject{
        {QStringLiteral("t"), now},
        {QStringLiteral("cpuPercent"), cpu},
        {QStringLiteral("rssBytes"), s->rssBytes},
        {QStringLiteral("threads"), s->threads},
    });
    m_cpuSum += cpu;
    m_cpuMax = qMax(m_cpuMax, cpu);
    m_rssSum += double(s->rssBytes);
    m_rssMax = qMax(m_rssMax, s->rssBytes);
    m_threadsMax = qMax(m_threadsMax, s->threads);
    m_previous = *s;
    m_previousMs = now;
    if (m_samples.size() >= m_targetSamples)
        finish(TaskOutcome::completed(output(false)));
}

QJsonObject ProfileHandler::output(bool processExited) const
{
    const double n = qMax<double>(1, m_samples.size());
    const QJsonObject summary{
        {QStringLiteral("sampleCount"), m_samples.size()},
        {QStringLiteral("cpuAvg"), round2(m_cpuSum / n)},
        {QStringLiteral("cpuMax"), m_cpuMax},
        {QStringLiteral("rssAvg"), qint64(std::llround(m_rssSum / n))},
        {QStringLiteral("rssMax"), m_rssMax},
        {QStringLiteral("threadsMax"), m_threadsMax},
    };
    return QJsonObject{
        {QStringLiteral("pid"), m_pid},
        {QStringLiteral("windowSeconds"), m_windowSeconds},
        {QStringLiteral("intervalMs"), m_intervalMs},
        {QStringLiteral("startedMs"), m_startedMs},
        {QStringLiteral("processExited"), processExited},
        {QStringLiteral("samples"), m_samples},
        {QStringLiteral("summary"), summary},
    };
}

void ProfileHandler::finish(TaskOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_timer)
        m_timer->stop();
    Done done = std::move(m_done);
    done(std::move(outcome));
}

} // namespace orrery
