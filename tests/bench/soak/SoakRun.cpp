#include "SoakRun.h"

#include "OrrerydProcess.h"
#include "SoakProbe.h"
#include "SoakStarter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimer>

#include <unistd.h>

#include <cstdio>

namespace orrery::bench {

namespace {

const QString kWorkflow = QStringLiteral("soak_noop");
const QString kProjectPrefix = QStringLiteral("soak");

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).trimmed() : QStringLiteral("?");
}

double percentile(const std::map<int, qint64> &hist, double p)
{
    qint64 total = 0;
    for (const auto &[ms, n] : hist)
        total += n;
    if (total == 0)
        return -1;
    const qint64 rank = qint64(p * double(total - 1)) + 1;
    qint64 seen = 0;
    for (const auto &[ms, n] : hist) {
        seen += n;
        if (seen >= rank)
            return ms;
    }
    return hist.rbegin()->first;
}

QString ms(double v)
{
    return v < 0 ? QStringLiteral("-") : QString::number(v, 'f', 0);
}

void spin(int msecs)
{
    QEventLoop loop;
    QTimer::singleShot(msecs, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

SoakRun::SoakRun(Options o) : m_o(std::move(o)) {}

SoakRun::~SoakRun() = default;

int SoakRun::exec()
{
    QTemporaryDir tmp;
    m_dataDir = m_o.dataDir.isEmpty() ? tmp.filePath(QStringLiteral("data")) : QDir(m_o.dataDir).absolutePath();
    QString error;
    if (!setUp(&error)) {
        std::fprintf(stderr, "bench_soak: %s\n", qPrintable(error));
        return 2;
    }
    printHeader();
    m_starter->start();
    m_runClock.start();
    m_nextSampleAt = 0;
    scheduleNextSample();
    QCoreApplication::exec();
    return m_exitCode;
}

bool SoakRun::setUp(QString *error)
{
    if (m_o.clients < m_o.rooms) {
        *error = QStringLiteral("--clients (%1) must be at least --rooms (%2): each room needs a client that counts its tasks")
                     .arg(m_o.clients).arg(m_o.rooms);
        return false;
    }
    if (!QDir().mkpath(m_dataDir) || !QDir(m_dataDir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot)) {
        *error = QStringLiteral("the data directory %1 must be new or empty (a soak starts on a fresh store)").arg(m_dataDir);
        return false;
    }
    // The DLQ's retention (docs/recovery.md §8): the module reads recovery.json of the data directory.
    QFile recovery(QDir(m_dataDir).filePath(QStringLiteral("recovery.json")));
    const QJsonObject dlq{{QStringLiteral("dlq"), QJsonObject{{QStringLiteral("ttlSeconds"), m_o.dlqTtlSeconds},
                                                              {QStringLiteral("maxEntries"), m_o.dlqMaxEntries},
                                                              {QStringLiteral("sweepIntervalSeconds"), 60}}}};
    if (!recovery.open(QIODevice::WriteOnly) || recovery.write(QJsonDocument(dlq).toJson()) < 0) {
        *error = QStringLiteral("cannot write %1").arg(recovery.fileName());
        return false;
    }
    recovery.close();

    m_orreryd = std::make_unique<test::OrrerydProcess>(
        m_dataDir, QStringList{QStringLiteral("--log-level"), QStringLiteral("warning"), QStringLiteral("--no-demo")});
    if (!m_orreryd->start(error, 60000))
        return false;

    const QJsonArray taskDefs{QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")},
                                          {QStringLiteral("retryCount"), 0},
                                          {QStringLiteral("responseTimeoutSeconds"), 600},
                                          {QStringLiteral("timeoutSeconds"), 0}}};
    auto r = m_orreryd->postRaw(QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(taskDefs).toJson());
    if (r.status != 200) {
        *error = QStringLiteral("task definition refused (HTTP %1): %2").arg(r.status).arg(QString::fromUtf8(r.body));
        return false;
    }
    QJsonArray tasks;
    for (int i = 0; i < m_o.tasksPerWorkflow; ++i)
        tasks.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")},
                                 {QStringLiteral("taskReferenceName"), QStringLiteral("n%1").arg(i)},
                                 {QStringLiteral("inputParameters"), QJsonObject{{QStringLiteral("n"), QStringLiteral("${workflow.input.n}")}}}});
    r = m_orreryd->post(QStringLiteral("/api/metadata/workflow"),
                        QJsonObject{{QStringLiteral("name"), kWorkflow}, {QStringLiteral("version"), 1},
                                    {QStringLiteral("schemaVersion"), 2}, {QStringLiteral("tasks"), tasks}});
    if (r.status != 200) {
        *error = QStringLiteral("workflow definition refused (HTTP %1): %2").arg(r.status).arg(QString::fromUtf8(r.body));
        return false;
    }
    if (!configureRetention(error))
        return false;

    m_clients = std::make_unique<SoakClients>(m_o.clientScript, m_o.nodeModules, nullptr);
    if (!m_clients->start(m_orreryd->baseUrl(), m_o.clients, m_o.rooms, QString::fromUtf8(m_orreryd->token()), kProjectPrefix,
                          m_o.clientProcesses, error))
        return false;
    m_probe = std::make_unique<SoakProbe>(m_orreryd->pid(), QDir(m_dataDir).filePath(QStringLiteral("orrery.db")));
    m_starter = std::make_unique<SoakStarter>(m_orreryd->baseUrl(), m_orreryd->token(), kWorkflow, kProjectPrefix, m_o.rooms,
                                              m_o.tasksPerSecond / m_o.tasksPerWorkflow, nullptr);
    m_lastCpuTicks = m_probe->process().cpuTicks;
    return true;
}

// The default `cleanup` job purges finished executions once a day after 30 days; the soak needs a
// retention of minutes, so it is set to run every cleanupSeconds with retentionSeconds.
bool SoakRun::configureRetention(QString *error)
{
    const QJsonObject job{
        {QStringLiteral("id"), QStringLiteral("cleanup")},
        {QStringLiteral("name"), QStringLiteral("Cleanup")},
        {QStringLiteral("description"), QStringLiteral("bench_soak: finished executions older than %1 s, every %2 s")
                                            .arg(m_o.retentionSeconds).arg(m_o.cleanupSeconds)},
        {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("interval")},
                                                {QStringLiteral("intervalMs"), m_o.cleanupSeconds * 1000}}},
        {QStringLiteral("target"), QJsonObject{{QStringLiteral("type"), QStringLiteral("builtin")},
                                               {QStringLiteral("name"), QStringLiteral("cleanup")},
                                               {QStringLiteral("input"), QJsonObject{{QStringLiteral("retentionSeconds"), m_o.retentionSeconds},
                                                                                     {QStringLiteral("statuses"), QJsonArray{QStringLiteral("COMPLETED"), QStringLiteral("FAILED")}}}}}}};
    const auto r = m_orreryd->request("PUT", QStringLiteral("/api/scheduler/jobs/cleanup"), QJsonDocument(job).toJson());
    if (r.status != 200) {
        *error = QStringLiteral("the cleanup job refused the soak's retention (HTTP %1): %2").arg(r.status).arg(QString::fromUtf8(r.body));
        return false;
    }
    return true;
}

void SoakRun::printHeader() const
{
    const double warmup = SoakVerdict::warmupSeconds(m_o.minutes * 60);
    say(QStringLiteral("bench_soak: orreryd %1 (pid %2) on SQLite %3")
            .arg(test::OrrerydProcess::binaryPath()).arg(m_orreryd->pid()).arg(m_dataDir));
    say(QStringLiteral("load: %1 tasks/s target = %2 workflows/s of %3 noop tasks (POST /api/workflow/%4, open loop), %5 min; "
                       "%6 socket.io-client %7 clients in %8 node processes on /tasks, %9 projects")
            .arg(m_o.tasksPerSecond, 0, 'f', 0).arg(m_o.tasksPerSecond / m_o.tasksPerWorkflow, 0, 'f', 1)
            .arg(m_o.tasksPerWorkflow).arg(kWorkflow).arg(m_o.minutes)
            .arg(m_o.clients).arg(m_clients->version()).arg(m_o.clientProcesses).arg(m_o.rooms));
    say(QStringLiteral("retention: cleanup job every %1 s purges COMPLETED/FAILED workflows older than %2 s; DLQ ttl %3 s, max %4 entries; "
                       "warm-up %5 s")
            .arg(m_o.cleanupSeconds).arg(m_o.retentionSeconds).arg(m_o.dlqTtlSeconds).arg(m_o.dlqMaxEntries).arg(warmup, 0, 'f', 0));
    say(QStringLiteral("start %1 UTC, load average: %2")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), loadAverage()));
    say(QString());
    say(QStringLiteral("| elapsed | starts/s | tasks/s | start p99 ms | wf p99 ms | RSS MiB | anon MiB | fds | threads | CPU % "
                       "| store MiB | WAL MiB | workflow rows | task rows | audit rows | events/s | gaps | disconnects |"));
    say(QStringLiteral("|--------:|---------:|--------:|-------------:|----------:|--------:|---------:|----:|--------:|------:"
                       "|----------:|--------:|--------------:|----------:|-----------:|---------:|-----:|------------:|"));
}

void SoakRun::scheduleNextSample()
{
    const double duration = m_o.minutes * 60;
    m_nextSampleAt = std::min(m_nextSampleAt + m_o.sampleSeconds, duration);
    const bool final = m_nextSampleAt >= duration;
    const qint64 wait = std::max<qint64>(0, qint64(m_nextSampleAt * 1000) - m_runClock.elapsed());
    QTimer::singleShot(int(wait), Qt::PreciseTimer, [this, final] { sample(final); });
}

void SoakRun::sample(bool final)
{
    const double elapsed = m_runClock.elapsed() / 1000.0;
    const ProcessReading proc = m_probe->process();
    const StoreReading store = m_probe->store(true);
    SoakStarter::Window starts = m_starter->take();
    if (final)
        m_starter->stop();
    m_clients->requestReport([this, elapsed, proc, store, starts = std::move(starts), final](const SoakClients::Report &rep) {
        const double dt = std::max(1e-3, elapsed - m_lastElapsed);
        const double warmup = SoakVerdict::warmupSeconds(m_o.minutes * 60);
        if (elapsed >= warmup) {
            for (const auto &[k, n] : starts.latencyMs)
                m_startLatencyAll[k] += n;
            for (const auto &[k, n] : rep.latencyMs)
                m_workflowLatencyAll[k] += n;
        }
        const long ticks = sysconf(_SC_CLK_TCK);
        const double cpu = 100.0 * double(proc.cpuTicks - m_lastCpuTicks) / double(ticks) / dt;
        const qint64 delivered = rep.complete ? rep.delivered : m_lastDelivered;
        const qint64 tasks = rep.complete ? rep.tasksCompleted : m_lastTasks;
        std::printf("| %4d:%02d | %8.0f | %7.0f | %12s | %9s | %7.1f | %8.1f | %3d | %7d | %5.0f | %9.1f | %7.1f | %13lld | %9lld | %10lld "
                    "| %8.0f | %4lld | %11lld |\n",
                    int(elapsed) / 60, int(elapsed) % 60, double(starts.accepted) / dt, double(tasks - m_lastTasks) / dt,
                    qPrintable(ms(percentile(starts.latencyMs, 0.99))), qPrintable(ms(percentile(rep.latencyMs, 0.99))),
                    proc.rssKiB / 1024.0, proc.anonKiB / 1024.0, proc.fds, proc.threads, cpu, store.totalBytes() / 1048576.0,
                    store.walBytes / 1048576.0, store.workflows, store.tasks, store.audit, double(delivered - m_lastDelivered) / dt,
                    rep.gaps, rep.disconnects);
        std::fflush(stdout);
        if (starts.failed > 0)
            say(QStringLiteral("  ! %1 starts failed in this interval, the last: %2").arg(starts.failed).arg(starts.lastError));
        if (starts.skipped > 0)
            say(QStringLiteral("  ! %1 starts skipped: %2 were unanswered (orreryd behind the open-loop rate)")
                    .arg(starts.skipped).arg(SoakStarter::kMaxOutstanding));
        if (!rep.complete || rep.gaps > m_lastGaps || rep.disconnects > m_lastDisconnects) {
            for (qsizetype i = 0; i < std::min<qsizetype>(5, rep.flagged.size()); ++i)
                say(QStringLiteral("  ! ") + rep.flagged.at(i));
            if (rep.flagged.size() > 5)
                say(QStringLiteral("  ! ... %1 more flagged clients").arg(rep.flagged.size() - 5));
        }
        if (!proc.ok) {
            say(QStringLiteral("  ! orreryd (pid %1) is gone").arg(m_orreryd->pid()));
            m_exitCode = 1;
            QCoreApplication::exit(m_exitCode);
            return;
        }
        m_samples.push_back(SoakSample{elapsed, proc.rssKiB, proc.fds, proc.threads, store.totalBytes(), tasks});
        m_lastCpuTicks = proc.cpuTicks;
        m_lastDelivered = delivered;
        m_lastTasks = tasks;
        m_lastElapsed = elapsed;
        if (rep.complete) {
            m_lastGaps = rep.gaps;
            m_lastDisconnects = rep.disconnects;
        }
        if (final) // not from inside the client process's signal: finish() stops those processes
            QTimer::singleShot(0, m_starter.get(), [this] { finish(); });
        else
            scheduleNextSample();
    });
}

void SoakRun::finish()
{
    // The load stopped with the last sample: let the unanswered starts come back (at most 30 s).
    for (int i = 0; i < 300 && m_starter->outstanding() > 0; ++i)
        spin(100);
    say(QString());
    say(QStringLiteral("starts: %1 accepted, %2 failed, %3 skipped, %4 unanswered at the end")
            .arg(m_starter->acceptedTotal()).arg(m_starter->failedTotal()).arg(m_starter->skippedTotal()).arg(m_starter->outstanding()));
    say(QStringLiteral("after warm-up: start (POST -> committed) p50/p99/max %1/%2/%3 ms; workflow_started -> workflow_completed "
                       "(engine event times) p50/p99/max %4/%5/%6 ms")
            .arg(ms(percentile(m_startLatencyAll, 0.5)), ms(percentile(m_startLatencyAll, 0.99)),
                 ms(m_startLatencyAll.empty() ? -1 : m_startLatencyAll.rbegin()->first), ms(percentile(m_workflowLatencyAll, 0.5)),
                 ms(percentile(m_workflowLatencyAll, 0.99)), ms(m_workflowLatencyAll.empty() ? -1 : m_workflowLatencyAll.rbegin()->first)));
    const auto hub = m_orreryd->get(QStringLiteral("/api/websocket/stats")).json().object();
    const auto compact = [&hub](const char *key) {
        return QString::fromUtf8(QJsonDocument(hub.value(QLatin1String(key)).toObject()).toJson(QJsonDocument::Compact));
    };
    say(QStringLiteral("hub events: %1").arg(compact("events")));
    say(QStringLiteral("hub slow clients: %1; sessions: %2; queue: %3").arg(compact("slowClients"), compact("sessions"), compact("hubQueue")));
    say(QString());
    const auto checks = SoakVerdict::judge(m_samples, m_o.minutes * 60, m_o.retentionSeconds + m_o.cleanupSeconds, m_o.tasksPerSecond);
    for (const SoakCheck &c : checks)
        say(c.line());
    m_exitCode = SoakVerdict::passed(checks) ? 0 : 1;
    say(QStringLiteral("verdict: %1").arg(m_exitCode == 0 ? QStringLiteral("PASS") : QStringLiteral("FAIL")));
    say(QStringLiteral("end %1 UTC, load average: %2")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), loadAverage()));
    m_clients->stop();
    const int code = m_orreryd->terminate(60000);
    say(QStringLiteral("orreryd drained and exited with %1").arg(code));
    QCoreApplication::exit(m_exitCode);
}

} // namespace orrery::bench
