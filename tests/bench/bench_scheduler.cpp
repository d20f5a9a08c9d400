// bench_scheduler: 10,000 jobs (interval and cron mix) in the Orrery Scheduler, in-process with a
// no-op fire callback (no engine), and the same job set in APScheduler 3 (Debian
// python3-apscheduler) in the same run; prints fire lateness p50/p99/max, CPU use and RSS of a
// busy window, and CPU use while idle (10,000 jobs, none due), side by side.
//
//   bench_scheduler [--jobs N] [--seconds S] [--idle-seconds S] [--seed N] [--no-peer]
//
// Lateness = dispatch time - planned time (no jitter here), both schedulers measured at dispatch:
// Orrery when it calls the launcher, APScheduler when it submits to its executor. Build in
// Release for meaningful figures.
#include "core/Clock.h"
#include "scheduler/CronTrigger.h"
#include "scheduler/IntervalTrigger.h"
#include "scheduler/JobLauncher.h"
#include "scheduler/MemoryJobStore.h"
#include "scheduler/QtSchedulerTimer.h"
#include "scheduler/Scheduler.h"
#include "scheduler/SchedulerTimer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

using namespace orrery;

namespace {

constexpr qint64 kLeadMs = 4000;   // jobs start this long after the process starts
constexpr qint64 kWarmupMs = 2000; // then this long before the measured window

struct Figures
{
    QString name;
    qint64 fires = 0;
    qint64 expected = -1;
    qint64 missed = 0;
    double p50 = 0, p99 = 0, max = 0; // ms
    double cpuPercent = 0, idleCpuPercent = 0;
    qint64 rssBytes = 0;
};

double cpuSeconds()
{
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

qint64 rssBytes()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    return 0;
}

double microsNow()
{
    return double(std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count());
}

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const size_t k = std::min(sorted.size() - 1, size_t(std::max(0.0, std::ceil(p / 100.0 * double(sorted.size())) - 1)));
    return sorted[k];
}

// Records the lateness of runs in the window; reports each run started and finished at once.
class NoopLauncher final : public JobLauncher
{
public:
    NoopLauncher(qint64 from, qint64 to) : m_from(from), m_to(to) { lateness.reserve(2'000'000); }
    void launch(const JobRun &run, const JobTarget &, const QString &, std::shared_ptr<JobRunSink> sink) override
    {
        if (run.scheduledMs >= m_from && run.scheduledMs < m_to)
            lateness.push_back((microsNow() - double(run.plannedMs) * 1000.0) / 1000.0);
        sink->runStarted(run.runId, QString());
        sink->runFinished(run.jobId, run.runId, QString(), JobRun::Status::Completed, {});
    }
    std::vector<double> lateness;

private:
    qint64 m_from, m_to;
};

void runEventLoopUntil(qint64 wallMs)
{
    QEventLoop loop;
    QTimer::singleShot(std::max<qint64>(0, wallMs - QDateTime::currentMSecsSinceEpoch()), &loop, &QEventLoop::quit);
    loop.exec();
}

Figures runOrrery(const QJsonArray &jobs, int seconds, int idleSeconds)
{
    SystemClock clock;
    const qint64 base = (clock.nowMs() / 1000) * 1000 + kLeadMs;
    const qint64 from = base + kWarmupMs, to = from + seconds * 1000;
    Figures f;
    f.name = QStringLiteral("Orrery Scheduler");
    f.expected = 0;
    {
        MemoryJobStore store;
        NoopLauncher launcher(from, to);
        QtSchedulerTimer timer(&clock);
        SchedulerConfig config;
        config.historyLimit = 1; // the memory store keeps run history; APScheduler keeps none
        config.pruneEvery = 4;
        Scheduler scheduler(&store, &launcher, &timer, &clock, config);
        if (!scheduler.start().ok())
            qFatal("cannot start the scheduler");
        int i = 0;
        for (const QJsonValue &v : jobs) {
            const QJsonObject o = v.toObject();
            JobDefinition def;
            def.id = QStringLiteral("j%1").arg(i++);
            def.name = def.id;
            def.maxInstances = 0;
            if (o.value(QStringLiteral("kind")).toString() == QLatin1String("interval"))
                def.trigger = std::make_shared<IntervalTrigger>(
                    IntervalTrigger::create(base + o.value(QStringLiteral("offsetMs")).toInteger(),
                                            o.value(QStringLiteral("intervalMs")).toInteger()).value());
            else
                def.trigger = std::make_shared<CronTrigger>(
                    CronTrigger::create(o.value(QStringLiteral("second")).toString() + QStringLiteral(" * * * * *")).value());
            for (auto t = def.trigger->nextFireAfter(from - 1); t && *t < to; t = def.trigger->nextFireAfter(*t))
                ++f.expected;
            if (!scheduler.addJob(def).ok())
                qFatal("cannot add a job");
        }
        runEventLoopUntil(from);
        const double cpu0 = cpuSeconds(), wall0 = microsNow();
        runEventLoopUntil(to);
        const double cpu1 = cpuSeconds(), wall1 = microsNow();
        f.rssBytes = rssBytes();
        runEventLoopUntil(to + 500); // runs planned just before `to` are dispatched
        scheduler.stop();
        f.cpuPercent = 100.0 * (cpu1 - cpu0) / ((wall1 - wall0) / 1e6);
        std::sort(launcher.lateness.begin(), launcher.lateness.end());
        f.fires = qint64(launcher.lateness.size());
        f.missed = f.expected - f.fires;
        f.p50 = percentile(launcher.lateness, 50);
        f.p99 = percentile(launcher.lateness, 99);
        f.max = launcher.lateness.empty() ? 0 : launcher.lateness.back();
    }
    {
        // Idle: as many jobs, none due for hours. One timer, asleep.
        MemoryJobStore store;
        NoopLauncher launcher(0, 0);
        QtSchedulerTimer timer(&clock);
        Scheduler scheduler(&store, &launcher, &timer, &clock);
        (void)scheduler.start();
        const int hour = (QDateTime::currentDateTimeUtc().time().hour() + 3) % 24;
        for (int i = 0; i < jobs.size(); ++i) {
            JobDefinition def;
            def.id = QStringLiteral("idle%1").arg(i);
            def.name = def.id;
            def.trigger = std::make_shared<CronTrigger>(CronTrigger::create(QStringLiteral("0 0 %1 * * *").arg(hour)).value());
            (void)scheduler.addJob(def);
        }
        runEventLoopUntil(clock.nowMs() + 1000);
        const double cpu0 = cpuSeconds(), wall0 = microsNow();
        runEventLoopUntil(clock.nowMs() + idleSeconds * 1000);
        f.idleCpuPercent = 100.0 * (cpuSeconds() - cpu0) / ((microsNow() - wall0) / 1e6);
        scheduler.stop();
    }
    return f;
}

// A timer nobody waits for: the virtual-time run below fires it itself.
class SteppedTimer final : public SchedulerTimer
{
public:
    void setCallback(std::function<void()>) override {}
    void arm(qint64 dueMs) override { armed = dueMs; }
    void disarm() override { armed.reset(); }
    std::optional<qint64> armed;
};

// The scheduler's own cost per run, without sleeping: the same jobs in virtual time (ManualClock),
// `seconds` of schedule processed as fast as possible. -> microseconds of CPU per dispatched run.
double costPerRunMicros(const QJsonArray &jobs, int seconds)
{
    ManualClock clock(1'700'000'000'000);
    const qint64 base = clock.nowMs() + 1000;
    MemoryJobStore store;
    NoopLauncher launcher(base, base + seconds * 1000);
    SteppedTimer timer;
    SchedulerConfig config;
    config.historyLimit = 1;
    config.pruneEvery = 4;
    Scheduler scheduler(&store, &launcher, &timer, &clock, config);
    (void)scheduler.start();
    int i = 0;
    for (const QJsonValue &v : jobs) {
        const QJsonObject o = v.toObject();
        JobDefinition def;
        def.id = QStringLiteral("j%1").arg(i++);
        def.name = def.id;
        def.maxInstances = 0;
        if (o.value(QStringLiteral("kind")).toString() == QLatin1String("interval"))
            def.trigger = std::make_shared<IntervalTrigger>(IntervalTrigger::create(
                base + o.value(QStringLiteral("offsetMs")).toInteger(), o.value(QStringLiteral("intervalMs")).toInteger()).value());
        else
            def.trigger = std::make_shared<CronTrigger>(
                CronTrigger::create(o.value(QStringLiteral("second")).toString() + QStringLiteral(" * * * * *")).value());
        (void)scheduler.addJob(def);
    }
    const double cpu0 = cpuSeconds();
    while (timer.armed && *timer.armed < base + seconds * 1000) {
        clock.setMs(*timer.armed);
        scheduler.processDue();
        QCoreApplication::sendPostedEvents();
    }
    return (cpuSeconds() - cpu0) * 1e6 / double(std::max<size_t>(1, launcher.lateness.size()));
}

std::optional<Figures> runApscheduler(const QString &specPath)
{
    // Debian's python3-apscheduler belongs to Debian's interpreter (not to a pyenv/venv python3 on PATH).
    QString python = qEnvironmentVariable("ORRERY_BENCH_PYTHON");
    if (python.isEmpty())
        python = QFile::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3") : QStringLiteral("python3");
    QProcess p;
    p.start(python, {QStringLiteral(ORRERY_APS_SCRIPT), specPath});
    if (!p.waitForFinished(30 * 60 * 1000) || p.exitCode() != 0) {
        std::fprintf(stderr, "APScheduler run failed: %s\n", p.readAllStandardError().constData());
        return std::nullopt;
    }
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput().trimmed().split('\n').last()).object();
    Figures f;
    f.name = o.value(QStringLiteral("name")).toString();
    f.fires = o.value(QStringLiteral("fires")).toInteger();
    f.missed = o.value(QStringLiteral("missed")).toInteger() + o.value(QStringLiteral("maxInstancesSkipped")).toInteger();
    f.p50 = o.value(QStringLiteral("p50")).toDouble();
    f.p99 = o.value(QStringLiteral("p99")).toDouble();
    f.max = o.value(QStringLiteral("max")).toDouble();
    f.cpuPercent = o.value(QStringLiteral("cpuPercent")).toDouble();
    f.idleCpuPercent = o.value(QStringLiteral("idleCpuPercent")).toDouble();
    f.rssBytes = o.value(QStringLiteral("rssBytes")).toInteger();
    return f;
}

QJsonArray makeJobs(int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    static const int intervals[] = {1, 2, 5, 10, 15, 30, 60};
    static const int periods[] = {5, 10, 15, 20, 30};
    QJsonArray jobs;
    for (int i = 0; i < count; ++i) {
        if (i % 2 == 0) {
            const int s = intervals[rng.bounded(7)];
            jobs.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("interval")},
                                    {QStringLiteral("intervalMs"), s * 1000},
                                    {QStringLiteral("offsetMs"), int(rng.bounded(s * 1000))}});
        } else {
            const int p = periods[rng.bounded(5)];
            jobs.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("cron")},
                                    {QStringLiteral("second"), QStringLiteral("%1/%2").arg(rng.bounded(p)).arg(p)}});
        }
    }
    return jobs;
}

void print(const QList<Figures> &all, int jobs, int seconds)
{
    std::printf("\nbench_scheduler: %d jobs (half interval 1-60 s, half cron every 5-30 s), %d s window\n", jobs, seconds);
    std::printf("%-22s %9s %9s %7s %9s %9s %9s %7s %9s %10s\n", "scheduler", "fires", "expected", "missed", "p50 ms",
                "p99 ms", "max ms", "CPU %", "RSS MiB", "idle CPU %");
    for (const Figures &f : all)
        std::printf("%-22s %9lld %9s %7lld %9.3f %9.3f %9.3f %7.1f %9.1f %10.3f\n", qPrintable(f.name), f.fires,
                    f.expected >= 0 ? qPrintable(QString::number(f.expected)) : "-", f.missed, f.p50, f.p99, f.max,
                    f.cpuPercent, double(f.rssBytes) / 1048576.0, f.idleCpuPercent);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("jobs"), QStringLiteral("Number of jobs (default 10000)."), QStringLiteral("n"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Measured window (default 60)."), QStringLiteral("s"), QStringLiteral("60")});
    parser.addOption({QStringLiteral("idle-seconds"), QStringLiteral("Idle window (default 10)."), QStringLiteral("s"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Job set seed (default 1)."), QStringLiteral("n"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("no-peer"), QStringLiteral("Skip APScheduler.")});
    parser.process(app);
    const int jobs = parser.value(QStringLiteral("jobs")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    const int idle = parser.value(QStringLiteral("idle-seconds")).toInt();
    const QJsonArray set = makeJobs(jobs, parser.value(QStringLiteral("seed")).toUInt());

    const double cost = costPerRunMicros(set, std::min(seconds, 30));
    std::printf("Orrery: %.1f us of CPU per dispatched run (virtual time, no sleeping)\n", cost);
    QList<Figures> all{runOrrery(set, seconds, idle)};
    print(all, jobs, seconds);
    if (!parser.isSet(QStringLiteral("no-peer"))) {
        QTemporaryDir dir;
        const QString spec = dir.filePath(QStringLiteral("spec.json"));
        QFile f(spec);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write the job set");
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("seconds"), seconds},
                                          {QStringLiteral("idleSeconds"), idle},
                                          {QStringLiteral("warmupMs"), kWarmupMs},
                                          {QStringLiteral("leadMs"), kLeadMs},
                                          {QStringLiteral("jobs"), set}})
                    .toJson(QJsonDocument::Compact));
        f.close();
        std::printf("running the same job set on APScheduler ...\n");
        std::fflush(stdout);
        if (auto peer = runApscheduler(spec))
            all.append(*peer);
        print(all, jobs, seconds);
    }
    return 0;
}
