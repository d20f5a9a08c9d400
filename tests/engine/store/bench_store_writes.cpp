// Write throughput of the store on SQLite and PostgreSQL (a benchmark, not a test).
//
//   bench_store_writes [--tasks N] [--backend sqlite|postgresql|all] [--pg-url URL] [--dir DIR]
//
// Two scenarios, each timed from the first submission until flush() returns (everything durable):
//  * rows      - N distinct task rows upserted once: raw row upserts/s with realistic JSON payloads.
//  * lifecycle - N one-task workflows, each going RUNNING -> SCHEDULED -> IN_PROGRESS -> COMPLETED ->
//                workflow COMPLETED (5 changes per task) submitted the way the engine does it: a
//                rolling window of in-flight tasks, so some changes coalesce within a flush window
//                and some do not. Reports tasks/s (what the engine needs: >= 20,000/s).
// PostgreSQL: ORRERY_TEST_PG_URL or --pg-url if given, else a throwaway cluster with fsync ON.
#include "StoreTestData.h"
#include "store/Store.h"
#include "support/PgTestServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <cstdio>
#include <ctime>

using namespace orrery;
using namespace orrery::test;

namespace {

struct Figures
{
    qint64 changes = 0;
    qint64 rows = 0;
    qint64 batches = 0;
    double seconds = 0;
    double callerCpu = 0; // CPU seconds of the submitting thread (the "engine")
    double otherCpu = 0;  // CPU seconds of the rest of the process (the store's writer thread)
};

double cpuSeconds(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// Wall time and CPU time; CPU time stays meaningful on a machine shared with other work.
struct Stopwatch
{
    QElapsedTimer wall;
    double process = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
    double thread = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    Stopwatch() { wall.start(); }
};

std::unique_ptr<Store> openOrDie(const QString &url)
{
    StoreConfig config;
    config.url = url;
    Result<std::unique_ptr<Store>> store = Store::open(config);
    if (!store) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(url), qPrintable(store.error().message));
        std::exit(2);
    }
    return std::move(store).value();
}

Figures finish(Store &store, const Stopwatch &timer)
{
    if (Result<void> r = store.flush(600000); !r) {
        std::fprintf(stderr, "flush failed: %s\n", qPrintable(r.error().message));
        std::exit(2);
    }
    Figures f;
    f.seconds = timer.wall.nsecsElapsed() / 1e9;
    f.callerCpu = cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - timer.thread;
    f.otherCpu = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - timer.process - f.callerCpu;
    const StoreStats s = store.stats();
    f.changes = s.changesSubmitted;
    f.rows = s.rowsWritten;
    f.batches = s.batchesCommitted;
    return f;
}

Figures benchRows(const QString &url, int n)
{
    auto store = openOrDie(url);
    Stopwatch timer;
    for (int i = 0; i < n; ++i)
        store->saveTask(makeTask(QStringLiteral("row-%1").arg(i), QStringLiteral("wf-%1").arg(i / 100), i % 100,
                                 TaskStatus::Completed));
    return finish(*store, timer);
}

Figures benchLifecycle(const QString &url, int n)
{
    auto store = openOrDie(url);
    constexpr int kInFlight = 2000; // tasks between scheduling and completion at any moment
    Stopwatch timer;
    auto wfId = [](int i) { return QStringLiteral("wf-%1").arg(i); };
    auto taskId = [](int i) { return QStringLiteral("task-%1").arg(i); };
    for (int i = 0; i < n + kInFlight; ++i) {
        if (i < n) { // a new one-task workflow: created, its task scheduled
            store->saveWorkflow(makeWorkflow(wfId(i), WorkflowStatus::Running, i));
            store->saveTask(makeTask(taskId(i), wfId(i), 0, TaskStatus::Scheduled));
        }
        const int started = i - kInFlight / 2; // polled by a worker a little later
        if (started >= 0 && started < n)
            store->saveTask(makeTask(taskId(started), wfId(started), 0, TaskStatus::InProgress));
        const int done = i - kInFlight; // completed later still; the workflow completes with it
        if (done >= 0) {
            store->saveTask(makeTask(taskId(done), wfId(done), 0, TaskStatus::Completed));
            store->saveWorkflow(makeWorkflow(wfId(done), WorkflowStatus::Completed, done));
        }
    }
    return finish(*store, timer);
}

void print(const char *backend, const char *scenario, int tasks, const Figures &f)
{
    std::printf("%-10s %-9s tasks=%d changes=%lld rows=%lld batches=%lld\n", backend, scenario, tasks,
                qlonglong(f.changes), qlonglong(f.rows), qlonglong(f.batches));
    std::printf("           wall %.2fs: %.0f rows/s, %.0f changes/s, %.0f tasks/s\n", f.seconds, f.rows / f.seconds,
                f.changes / f.seconds, tasks / f.seconds);
    std::printf("           cpu: caller %.2fs, store %.2fs = %.1f us/row in the store -> %.0f rows/s, %.0f tasks/s "
                "per store core\n",
                f.callerCpu, f.otherCpu, f.otherCpu * 1e6 / f.rows, f.rows / f.otherCpu, tasks / f.otherCpu);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("tasks"), QStringLiteral("Tasks per scenario."), QStringLiteral("n"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("backend"), QStringLiteral("sqlite, postgresql or all."), QStringLiteral("name"),
                      QStringLiteral("all")});
    parser.addOption({QStringLiteral("pg-url"), QStringLiteral("PostgreSQL database to use (it gets written to!)."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("dir"), QStringLiteral("Directory for the SQLite files."), QStringLiteral("dir")});
    parser.process(app);
    const int n = parser.value(QStringLiteral("tasks")).toInt();
    const QString backend = parser.value(QStringLiteral("backend"));

    if (backend == QLatin1String("sqlite") || backend == QLatin1String("all")) {
        QTemporaryDir tmp(parser.isSet(QStringLiteral("dir")) ? parser.value(QStringLiteral("dir")) + QStringLiteral("/bench-XXXXXX")
                                                              : QDir::tempPath() + QStringLiteral("/bench-XXXXXX"));
        print("sqlite", "rows", n, benchRows(QStringLiteral("sqlite:") + tmp.filePath(QStringLiteral("rows.db")), n));
        print("sqlite", "lifecycle", n,
              benchLifecycle(QStringLiteral("sqlite:") + tmp.filePath(QStringLiteral("life.db")), n));
    }
    if (backend == QLatin1String("postgresql") || backend == QLatin1String("all")) {
        PgTestServer pg(PgTestServer::Options{true});
        QString rowsUrl = parser.value(QStringLiteral("pg-url"));
        QString lifeUrl = rowsUrl;
        if (rowsUrl.isEmpty()) {
            if (pg.start() != PgTestServer::Status::Ready) {
                std::fprintf(stderr, "PostgreSQL not available: %s\n", qPrintable(pg.errorString()));
                return 1;
            }
            rowsUrl = pg.createDatabase();
            lifeUrl = pg.createDatabase();
            std::printf("postgresql: %s server\n", pg.isExternal() ? "external" : "throwaway (fsync on)");
        }
        print("postgresql", "rows", n, benchRows(rowsUrl, n));
        print("postgresql", "lifecycle", n, benchLifecycle(lifeUrl, n));
    }
    return 0;
}
