// End-to-end durable throughput of no-op tasks: start a workflow (committed) -> local noop
// worker(s) -> tasks completed -> workflow completed -> committed. Prints workflows/s, tasks/s
// and the latency from the start request to the commit of the completed workflow
// (p50/p99/max), for SQLite and PostgreSQL, for three shapes: one noop task (`single`), three
// noop tasks in a row (`linear3`) and a FORK_JOIN of 10 noop branches with its JOIN (`fork10`).
// Never run as a test: figures only.
//
//   bench_throughput [--tasks N] [--inflight K] [--backend sqlite|postgresql|both]
//                    [--shape single|linear3|fork10|all] [--client-tasks N]
//                    [--latency-inflight K] [--peer-jobs N] [--with-events]
// With the default --latency-inflight 200 it adds, per backend, a single-shape row at K in flight
// (the issue's p99 figure; the main rows run at --inflight, where latency is queueing).
// The BullMQ peer (same run, same machine): tests/bench/bullmq/bench_bullmq.mjs, installed into
// the build tree by `ninja bench_bullmq_deps` (npm ci, pinned bullmq), with a redis-server it
// starts on a loopback port (AOF everysec), concurrency 50, no-op processor; --peer-jobs 0 skips
// it. Missing node, bullmq or redis-server is printed and the peer skipped, not failed.
// With --shape all it then runs bench_conductor_client (next to it) for N tasks (default 3000,
// 0 = not) and prints its remote-worker poll -> update round trips/s beside the table.

#include "PgTestServer.h"
#include "core/Requests.h"
#include "core/BlockingCall.h"
#include "runtime/LocalWorkerBridge.h"
#include "store/Store.h"
#include "workers/WorkerPool.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QStandardPaths>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <vector>

using namespace orrery;

namespace {

struct Shape
{
    QString name;
    const char *definition;
    int tasks; // worker tasks per workflow
};

const Shape kShapes[] = {
    {QStringLiteral("single"),
     R"J({"name":"bench_single","tasks":[{"name":"noop","taskReferenceName":"n","inputParameters":{"i":"${workflow.input.i}"}}]})J", 1},
    {QStringLiteral("linear3"),
     R"J({"name":"bench_linear3","tasks":[{"name":"noop","taskReferenceName":"a","inputParameters":{"i":"${workflow.input.i}"}},
        {"name":"noop","taskReferenceName":"b","inputParameters":{"i":"${a.input.i}"}},
        {"name":"noop","taskReferenceName":"c","inputParameters":{"i":"${b.input.i}"}}]})J", 3},
    {QStringLiteral("fork10"),
     R"J({"name":"bench_fork10","tasks":[{"name":"fork","taskReferenceName":"fork","type":"FORK_JOIN","forkTasks":[
        [{"name":"noop","taskReferenceName":"b0"}],[{"name":"noop","taskReferenceName":"b1"}],[{"name":"noop","taskReferenceName":"b2"}],
        [{"name":"noop","taskReferenceName":"b3"}],[{"name":"noop","taskReferenceName":"b4"}],[{"name":"noop","taskReferenceName":"b5"}],
        [{"name":"noop","taskReferenceName":"b6"}],[{"name":"noop","taskReferenceName":"b7"}],[{"name":"noop","taskReferenceName":"b8"}],
        [{"name":"noop","taskReferenceName":"b9"}]]},
        {"name":"join","taskReferenceName":"join","type":"JOIN","joinOn":["b0","b1","b2","b3","b4","b5","b6","b7","b8","b9"]}]})J", 10},
};

struct Figures
{
    QString backend;
    QString shape;
    double workflowsPerSecond = 0;
    int tasks = 0;
    double seconds = 0;
    double perSecond = 0;
    double p50 = 0, p99 = 0, max = 0;
    double cpuUsPerTask = 0; // process CPU time (all threads) per task
    int inflight = 0;
    QString error;
};

double processCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double percentile(std::vector<qint64> &v, double p)
{
    if (v.empty())
        return 0;
    const size_t k = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    std::nth_element(v.begin(), v.begin() + qsizetype(k), v.end());
    return double(v[k]) / 1000.0; // µs -> ms
}

bool withEvents = false; // --with-events

Figures run(const QString &backend, const QString &url, int total, int inflight, const Shape &shape)
{
    Figures f;
    f.backend = backend;
    f.shape = shape.name;
    f.tasks = total * shape.tasks;
    f.inflight = inflight;
    auto opened = Store::open(StoreConfig{url});
    if (!opened.ok()) {
        f.error = opened.error().message;
        return f;
    }
    std::unique_ptr<Store> store = std::move(opened).value();
    Engine engine(store.get(), EngineConfig{});
    if (auto r = engine.start(); !r.ok()) {
        f.error = r.error().message;
        return f;
    }
    WorkerPoolConfig poolConfig;
    poolConfig.maxConcurrent = 4096;
    WorkerPool pool(poolConfig);
    (void)pool.start();
    LocalWorkerBridge bridge(engine.core(), &pool);
    bridge.enableAllTypes(2048);

    auto def = WorkflowDef::fromJson(QJsonDocument::fromJson(shape.definition).object());
    auto taskDef = TaskDef::fromJson(QJsonDocument::fromJson(R"({"name":"noop","retryCount":0,"responseTimeoutSeconds":60})").object());
    (void)blockingCall<void>([&](auto reply) { engine.registerTaskDefs({taskDef.value()}, reply); });
    (void)blockingCall<void>([&](auto reply) { engine.registerWorkflowDef(def.value(), true, reply); });

    QElapsedTimer clock;
    std::vector<qint64> startedUs(size_t(total), 0), doneUs(size_t(total), 0);
    std::atomic<int> committed{0};
    Store *s = store.get();
    // The end of each workflow, without subscribing to engineEvent: a subscriber there makes the
    // engine build the JSON payload of every event (5 per task here), which only --with-events
    // measures (as a server with a WebSocket hub or Redis bridge attached pays it).
    QObject::connect(engine.core(), &EngineCore::workflowEnded, engine.core(),
                     [&, s](const QString &, const QString &correlationId, const QString &status) {
        if (status != QLatin1String("COMPLETED"))
            return;
        const int i = correlationId.toInt();
        s->whenCommitted([&, i](Result<void>) {
            doneUs[size_t(i)] = clock.nsecsElapsed() / 1000;
            committed.fetch_add(1, std::memory_order_release);
        });
    }, Qt::DirectConnection);
    if (withEvents)
        QObject::connect(engine.core(), &EngineCore::engineEvent, engine.core(), [](const EngineEvent &) {}, Qt::DirectConnection);

    QCoreApplication *app = QCoreApplication::instance();
    int submitted = 0;
    QTimer pump;
    clock.start();
    QObject::connect(&pump, &QTimer::timeout, app, [&] {
        const int done = committed.load(std::memory_order_acquire);
        while (submitted < total && submitted - done < inflight) {
            StartWorkflowRequest req;
            req.name = def.value().name;
            req.correlationId = QString::number(submitted);
            req.input = QJsonObject{{QStringLiteral("i"), submitted}};
            startedUs[size_t(submitted)] = clock.nsecsElapsed() / 1000;
            engine.startWorkflow(std::move(req), [](Result<QString>) {});
            ++submitted;
        }
        if (done >= total)
            QCoreApplication::exit(0);
    });
    const double cpuStart = processCpuSeconds();
    pump.start(1);
    app->exec();
    pump.stop();
    f.seconds = double(clock.nsecsElapsed()) / 1e9;
    f.cpuUsPerTask = (processCpuSeconds() - cpuStart) * 1e6 / f.tasks;
    f.perSecond = f.tasks / f.seconds;
    f.workflowsPerSecond = total / f.seconds;
    std::vector<qint64> lat(static_cast<size_t>(total), 0);
    for (size_t i = 0; i < size_t(total); ++i)
        lat[i] = doneUs[i] - startedUs[i];
    f.max = double(*std::max_element(lat.begin(), lat.end())) / 1000.0;
    f.p50 = percentile(lat, 0.50);
    f.p99 = percentile(lat, 0.99);

    engine.drain(0);
    engine.stop();
    pool.stop(0);
    store->close();
    return f;
}

struct PeerFigures
{
    bool ok = false;
    QString error;
    QString version;
    int jobs = 0;
    double seconds = 0, perSecond = 0, cpuUsPerJob = 0, peakRssMb = 0;
};

// The BullMQ peer, run after Orrery's runs so the two never share the CPUs.
PeerFigures runBullmq(int jobs)
{
    PeerFigures f;
    const QString script = QStringLiteral(ORRERY_BULLMQ_DIR "/bench_bullmq.mjs");
    if (!QFile::exists(QStringLiteral(ORRERY_BULLMQ_DIR "/node_modules/bullmq/package.json"))) {
        f.error = QStringLiteral("bullmq is not installed in " ORRERY_BULLMQ_DIR " (run: ninja -C build bench_bullmq_deps)");
        return f;
    }
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    const QString redis = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (node.isEmpty() || redis.isEmpty()) {
        f.error = node.isEmpty() ? QStringLiteral("node not found on PATH") : QStringLiteral("redis-server not found on PATH");
        return f;
    }
    QProcess proc;
    proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    proc.start(node, {script, QStringLiteral("--jobs"), QString::number(jobs), QStringLiteral("--concurrency"), QStringLiteral("50"),
                      QStringLiteral("--redis-server"), redis});
    if (!proc.waitForFinished(30 * 60 * 1000)) {
        f.error = QStringLiteral("node did not finish: ") + proc.errorString();
        return f;
    }
    const QByteArray line = proc.readAllStandardOutput().trimmed().split('\n').last();
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    if (!o.value(QLatin1String("ok")).toBool()) {
        f.error = o.value(QLatin1String("error")).toString(QString::fromUtf8(line));
        return f;
    }
    f.ok = true;
    f.version = QStringLiteral("bullmq %1, redis %2").arg(o.value(QLatin1String("version")).toString(), o.value(QLatin1String("redis")).toString());
    f.jobs = o.value(QLatin1String("jobs")).toInt();
    f.seconds = o.value(QLatin1String("seconds")).toDouble();
    f.perSecond = o.value(QLatin1String("perSecond")).toDouble();
    f.cpuUsPerJob = o.value(QLatin1String("cpuUsPerJob")).toDouble();
    f.peakRssMb = o.value(QLatin1String("peakRssMb")).toDouble();
    return f;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Durable end-to-end throughput of no-op tasks (one-task workflows)."));
    p.addHelpOption();
    p.addOption({QStringLiteral("tasks"), QStringLiteral("Workflows per backend and shape (default 100000)."), QStringLiteral("n"), QStringLiteral("100000")});
    p.addOption({QStringLiteral("shape"), QStringLiteral("single, linear3, fork10 or all (default single)."), QStringLiteral("name"), QStringLiteral("single")});
    p.addOption({QStringLiteral("inflight"), QStringLiteral("Workflows in flight at once (default 2000)."), QStringLiteral("n"), QStringLiteral("2000")});
    p.addOption({QStringLiteral("backend"), QStringLiteral("sqlite, postgresql or both (default both)."), QStringLiteral("name"), QStringLiteral("both")});
    p.addOption({QStringLiteral("client-tasks"), QStringLiteral("With --shape all: tasks of the client-mode round trip bench (default 3000, 0 = skip)."), QStringLiteral("n"), QStringLiteral("3000")});
    p.addOption({QStringLiteral("latency-inflight"), QStringLiteral("Also run single at this in-flight for the p99 row (default 200, 0 = skip)."), QStringLiteral("n"), QStringLiteral("200")});
    p.addOption({QStringLiteral("peer-jobs"), QStringLiteral("Jobs of the BullMQ peer (default: --tasks, 0 = skip)."), QStringLiteral("n"), QString()});
    p.addOption({QStringLiteral("with-events"), QStringLiteral("Also subscribe to every engine event (the engine then builds their JSON payloads).")});
    p.process(app);
    withEvents = p.isSet(QStringLiteral("with-events"));
    const int latencyInflight = p.value(QStringLiteral("latency-inflight")).toInt();
    const int clientTasks = p.value(QStringLiteral("client-tasks")).toInt();
    const int tasks = std::max(1, p.value(QStringLiteral("tasks")).toInt());
    const int inflight = std::max(1, p.value(QStringLiteral("inflight")).toInt());
    const QString backend = p.value(QStringLiteral("backend"));
    const QString shapeName = p.value(QStringLiteral("shape"));
    QList<Shape> shapes;
    for (const Shape &s : kShapes)
        if (shapeName == QLatin1String("all") || shapeName == s.name)
            shapes.append(s);
    if (shapes.isEmpty()) {
        QTextStream(stderr) << "bench_throughput: --shape must be single, linear3, fork10 or all\n";
        return 2;
    }

    QList<Figures> results;
    QTemporaryDir dir;
    test::PgTestServer pg(test::PgTestServer::Options{true});
    for (const Shape &shape : shapes) {
        if (backend == QLatin1String("sqlite") || backend == QLatin1String("both"))
            results.append(run(QStringLiteral("sqlite"), dir.filePath(shape.name + QStringLiteral(".db")), tasks, inflight, shape));
        if (backend == QLatin1String("postgresql") || backend == QLatin1String("both")) {
            if (pg.start() != test::PgTestServer::Status::Ready) {
                Figures f;
                f.backend = QStringLiteral("postgresql");
                f.shape = shape.name;
                f.error = QStringLiteral("PostgreSQL not available: ") + pg.errorString();
                results.append(f);
            } else {
                results.append(run(QStringLiteral("postgresql"), pg.createDatabase(), tasks, inflight, shape));
            }
        }
    }
    if (latencyInflight > 0 && latencyInflight != inflight) {
        const Shape &single = kShapes[0];
        const int n = std::min(tasks, 20000);
        if (backend == QLatin1String("sqlite") || backend == QLatin1String("both"))
            results.append(run(QStringLiteral("sqlite"), dir.filePath(QStringLiteral("latency.db")), n, latencyInflight, single));
        if ((backend == QLatin1String("postgresql") || backend == QLatin1String("both")) && pg.start() == test::PgTestServer::Status::Ready)
            results.append(run(QStringLiteral("postgresql"), pg.createDatabase(), n, latencyInflight, single));
    }
    const QString peerJobsText = p.value(QStringLiteral("peer-jobs"));
    const int peerJobs = peerJobsText.isEmpty() ? tasks : peerJobsText.toInt();
    const PeerFigures peer = peerJobs > 0 ? runBullmq(peerJobs) : PeerFigures{false, QStringLiteral("skipped (--peer-jobs 0)"), {}, 0, 0, 0};

    QTextStream out(stdout);
    out << "bench_throughput: noop local worker, durable (committed) completion; single = 1 task, linear3 = 3 tasks\n"
           "in a row, fork10 = FORK_JOIN of 10 branches + JOIN; latency = start request -> completed workflow committed\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11\n").arg(QStringLiteral("backend"), -11).arg(QStringLiteral("shape"), -8)
               .arg(QStringLiteral("inflight"), 8).arg(QStringLiteral("tasks"), 8).arg(QStringLiteral("seconds"), 9).arg(QStringLiteral("workflows/s"), 12)
               .arg(QStringLiteral("tasks/s"), 10).arg(QStringLiteral("p50 ms"), 8).arg(QStringLiteral("p99 ms"), 8)
               .arg(QStringLiteral("max ms"), 8).arg(QStringLiteral("cpu us/task"), 12);
    for (const Figures &f : results) {
        if (!f.error.isEmpty()) {
            out << QStringLiteral("%1 %2 error: %3\n").arg(f.backend, -11).arg(f.shape, -8).arg(f.error);
            continue;
        }
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11\n").arg(f.backend, -11).arg(f.shape, -8).arg(f.inflight, 8).arg(f.tasks, 8)
                   .arg(f.seconds, 9, 'f', 2).arg(f.workflowsPerSecond, 12, 'f', 0).arg(f.perSecond, 10, 'f', 0)
                   .arg(f.p50, 8, 'f', 2).arg(f.p99, 8, 'f', 2).arg(f.max, 8, 'f', 2).arg(f.cpuUsPerTask, 12, 'f', 1);
    }
    if (peer.ok) {
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11\n").arg(QStringLiteral("bullmq"), -11).arg(QStringLiteral("noop"), -8)
                   .arg(50, 8).arg(peer.jobs, 8).arg(peer.seconds, 9, 'f', 2).arg(QStringLiteral("-"), 12).arg(peer.perSecond, 10, 'f', 0)
                   .arg(QStringLiteral("-"), 8).arg(QStringLiteral("-"), 8).arg(QStringLiteral("-"), 8).arg(peer.cpuUsPerJob, 12, 'f', 1);
        out << "bullmq: " << peer.version << " (concurrency = the inflight column), jobs added with addBulk first, then processed;"
               " cpu includes redis-server; peak RSS node+redis " << QString::number(peer.peakRssMb, 'f', 0) << " MB\n";
        for (const Figures &f : results)
            if (f.error.isEmpty() && f.shape == QLatin1String("single") && f.inflight == inflight)
                out << "ratio " << f.backend << " / bullmq processing rate: " << QString::number(f.perSecond / peer.perSecond, 'f', 2)
                    << " (goal >= 2)\n";
    } else {
        out << "bullmq peer: not run: " << peer.error << "\n";
    }
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    out << "orrery peak RSS (whole bench process, all runs): " << QString::number(double(u.ru_maxrss) / 1024.0, 'f', 0) << " MB\n";
    out << "cpu us/task = process CPU time of all threads per task: on a shared machine it is steadier than tasks/s\n";
    out << "engine events: " << (withEvents ? "subscribed (JSON payloads built, as with a hub attached)" : "not subscribed (--with-events to include their payloads)") << "\n";
    out << "target (issue 15, 2 cores): >= 30000 tasks/s on SQLite, >= 12000/s on PostgreSQL, p99 <= 20 ms at inflight 200\n";
    const QString clientBench = QCoreApplication::applicationDirPath() + QStringLiteral("/bench_conductor_client");
    if (shapeName == QLatin1String("all") && clientTasks > 0) {
        out.flush();
        QProcess client;
        client.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        client.start(clientBench, {QStringLiteral("--tasks"), QString::number(clientTasks), QStringLiteral("--workers"), QStringLiteral("64")});
        if (!client.waitForFinished(30 * 60 * 1000) || client.exitCode() != 0)
            out << "client mode: " << clientBench << " did not run (" << client.errorString() << ")\n";
        out << client.readAllStandardOutput();
    }
    return 0;
}
