// bench_memory (issue 15, "Memory"): orreryd on a store of 1,000,000 completed tasks and 100,000
// queued ones. Prints orreryd's RSS at steady state and the latency of GET /api/tasks pages
// (first pages, deep pages by offset and by cursor, with and without filters) beside the targets:
// RSS < 300 MiB, p99 < 50 ms. A benchmark, never a test: it prints figures and asserts nothing.
//
//   bench_memory [--completed N] [--queued N] [--tasks-per-workflow N] [--requests N] [--size N]
//                [--data-dir DIR] [--postgres]
// --data-dir keeps the filled store there and reuses it on the next run (the fill takes minutes).

#include "BenchStoreFiller.h"
#include "OrrerydProcess.h"
#include "PgTestServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QUrlQuery>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>

using namespace orrery;

namespace {

constexpr double kRssTargetMiB = 300;
constexpr double kP99TargetMs = 50;

struct Proc
{
    double rssMiB = 0, hwmMiB = 0, anonMiB = 0, fileMiB = 0;
};

Proc readProc(qint64 pid)
{
    Proc p;
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return p;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() < 2)
            continue;
        const double mib = parts.at(1).toDouble() / 1024.0;
        if (parts.at(0) == "VmRSS:")
            p.rssMiB = mib;
        else if (parts.at(0) == "VmHWM:")
            p.hwmMiB = mib;
        else if (parts.at(0) == "RssAnon:")
            p.anonMiB = mib;
        else if (parts.at(0) == "RssFile:")
            p.fileMiB = mib;
    }
    return p;
}

// Samples every 500 ms until three samples in a row are within 1 MiB of each other (or 60 s).
Proc steadyRss(qint64 pid)
{
    Proc last = readProc(pid);
    int stable = 0;
    for (int i = 0; i < 120 && stable < 3; ++i) {
        QThread::msleep(500);
        const Proc now = readProc(pid);
        stable = std::abs(now.rssMiB - last.rssMiB) < 1.0 ? stable + 1 : 0;
        last = now;
    }
    return last;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

struct Kind
{
    QString name;
    // The query of request i (without the leading '?'); empty = stop (no cursor to follow).
    std::function<QString(int)> query;
    // Expected results per page (-1: any).
    int expected = -1;
};

struct Row
{
    QString name;
    std::vector<double> ms;
    int errors = 0;
    QString note;
    qint64 totalHits = -1;
    QString relation;
};

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(u' ', 0, 2) : QString();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.setApplicationDescription(QStringLiteral("orreryd's memory and GET /api/tasks latency on a large store (issue 15)."));
    cli.addHelpOption();
    const QCommandLineOption completedOpt(QStringLiteral("completed"), QStringLiteral("Completed tasks (default 1000000)."), QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption queuedOpt(QStringLiteral("queued"), QStringLiteral("Queued tasks (default 100000)."), QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption perWfOpt(QStringLiteral("tasks-per-workflow"), QStringLiteral("Tasks of a completed workflow (default 2)."), QStringLiteral("N"), QStringLiteral("2"));
    const QCommandLineOption requestsOpt(QStringLiteral("requests"), QStringLiteral("Requests per query kind (default 200)."), QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption sizeOpt(QStringLiteral("size"), QStringLiteral("Page size (default 100)."), QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption dirOpt(QStringLiteral("data-dir"), QStringLiteral("Keep (and reuse) the filled store here."), QStringLiteral("DIR"));
    const QCommandLineOption pgOpt(QStringLiteral("postgres"), QStringLiteral("PostgreSQL store (tests/support/PgTestServer) instead of SQLite."));
    const QCommandLineOption fillOnlyOpt(QStringLiteral("fill-only"), QStringLiteral("Fill (or check) the store of --data-dir and stop."));
    cli.addOptions({completedOpt, queuedOpt, perWfOpt, requestsOpt, sizeOpt, dirOpt, pgOpt, fillOnlyOpt});
    cli.process(app);
    if (qEnvironmentVariableIsEmpty("ORRERY_TEST_BINARY_DIR"))
        qputenv("ORRERY_TEST_BINARY_DIR", ORRERY_BUILD_DIR);

    const int perWf = std::max(1, cli.value(perWfOpt).toInt());
    const qint64 completedTasks = cli.value(completedOpt).toLongLong();
    const qint64 queued = cli.value(queuedOpt).toLongLong();
    const int requests = std::max(1, cli.value(requestsOpt).toInt());
    const int size = cli.value(sizeOpt).toInt();
    const bool postgres = cli.isSet(pgOpt);

    QTemporaryDir tmp;
    const QString dataDir = cli.isSet(dirOpt) ? QDir(cli.value(dirOpt)).absolutePath() : tmp.path();
    QDir().mkpath(dataDir);
    test::PgTestServer pg(test::PgTestServer::Options{true});
    QString url = QStringLiteral("sqlite:") + QDir(dataDir).filePath(QStringLiteral("orrery.db"));
    if (postgres) {
        if (pg.start() != test::PgTestServer::Status::Ready) {
            fprintf(stderr, "bench_memory: no PostgreSQL: %s\n", qPrintable(pg.errorString()));
            return 2;
        }
        url = pg.createDatabase();
    }

    // The fill (or the one a previous run left in --data-dir).
    const QString marker = QDir(dataDir).filePath(QStringLiteral("bench-memory-fill.txt"));
    const QString wanted = QStringLiteral("completed=%1 queued=%2 perWorkflow=%3").arg(completedTasks).arg(queued).arg(perWf);
    QFile markerFile(marker);
    const bool reuse = !postgres && markerFile.open(QIODevice::ReadOnly) && QString::fromUtf8(markerFile.readAll()).startsWith(wanted);
    markerFile.close();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QString fillLine;
    if (reuse) {
        fillLine = QStringLiteral("reused the store filled earlier in %1 (%2)").arg(dataDir, wanted);
    } else {
        QFile::remove(QDir(dataDir).filePath(QStringLiteral("orrery.db")));
        bench::BenchStoreFiller::Options o;
        o.url = url;
        o.tasksPerWorkflow = perWf;
        o.completedWorkflows = (completedTasks + perWf - 1) / perWf;
        o.queuedWorkflows = queued;
        o.nowMs = now;
        printf("filling %s: %lld completed workflows of %d tasks, %lld queued ...\n", qPrintable(postgres ? QStringLiteral("PostgreSQL") : url),
               o.completedWorkflows, perWf, queued);
        fflush(stdout);
        auto fig = bench::BenchStoreFiller::fill(o);
        if (!fig) {
            fprintf(stderr, "bench_memory: fill failed: %s\n", qPrintable(fig.error().message));
            return 1;
        }
        fillLine = QStringLiteral("filled by direct multi-row INSERTs (store RowCodec rows, %1 rows per transaction): %2 workflows, "
                                  "%3 tasks, %4 MiB of JSON (%5 bytes a row) in %6 s")
                       .arg(o.rowsPerTransaction)
                       .arg(fig->workflows)
                       .arg(fig->tasks)
                       .arg(fig->jsonBytes / 1048576.0, 0, 'f', 0)
                       .arg(fig->jsonBytes / std::max<qint64>(1, fig->workflows + fig->tasks))
                       .arg(fig->seconds, 0, 'f', 1);
        if (!postgres && markerFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
            markerFile.write((wanted + QStringLiteral("\n") + fillLine + QStringLiteral("\n")).toUtf8());
    }
    printf("%s\n", qPrintable(fillLine));
    if (!postgres)
        printf("store file: %.0f MiB\n", QFileInfo(QDir(dataDir).filePath(QStringLiteral("orrery.db"))).size() / 1048576.0);
    if (cli.isSet(fillOnlyOpt))
        return 0;

    QStringList args{QStringLiteral("--log-level"), QStringLiteral("warning")};
    if (postgres)
        args << QStringLiteral("--db") << url;
    test::OrrerydProcess orreryd(dataDir, args);
    QElapsedTimer startTimer;
    startTimer.start();
    QString error;
    if (!orreryd.start(&error, 600000)) {
        fprintf(stderr, "bench_memory: %s\n", qPrintable(error));
        return 1;
    }
    const double startSeconds = startTimer.elapsed() / 1000.0;
    const qint64 pid = orreryd.pid();
    const Proc idle = steadyRss(pid);

    const QString sz = QString::number(size);
    auto page = [&](const QString &query) { return orreryd.get(QStringLiteral("/api/tasks?") + query); };
    // Cursors: the bench follows nextAfter, starting deep in the list.
    QString cursor;
    QString cursorNote;
    auto deepCursor = [&](const QString &filter, qint64 depth) {
        const auto r = page(filter + QStringLiteral("&size=") + sz + QStringLiteral("&start=%1").arg(depth));
        const QString next = r.json().object().value(QStringLiteral("nextAfter")).toString();
        if (next.isEmpty())
            cursorNote = QStringLiteral("no nextAfter in the answer (HTTP %1)").arg(r.status);
        return next;
    };
    const qint64 dayAgo = now - 24 * 3600 * 1000;
    auto random = [](qint64 lo, qint64 hi) { return lo + qint64(QRandomGenerator::global()->bounded(quint64(hi - lo))); };
    const qint64 deepMax = std::max<qint64>(1, completedTasks - size);

    std::vector<Kind> kinds = {
        {QStringLiteral("COMPLETED, first page"), [&](int) { return QStringLiteral("status=COMPLETED&size=") + sz; }, size},
        {QStringLiteral("SCHEDULED, first page"), [&](int) { return QStringLiteral("status=SCHEDULED&size=") + sz; }, size},
        {QStringLiteral("IN_PROGRESS (none), first page"), [&](int) { return QStringLiteral("status=IN_PROGRESS&size=") + sz; }, 0},
        {QStringLiteral("all statuses, first page"), [&](int) { return QStringLiteral("size=") + sz; }, size},
        {QStringLiteral("COMPLETED + type, first page"),
         [&](int) { return QStringLiteral("status=COMPLETED&type=bench_reserve&size=") + sz; }, size},
        {QStringLiteral("COMPLETED + last 24 h, first page"),
         [&](int) { return QStringLiteral("status=COMPLETED&from=%1&to=%2&size=").arg(dayAgo).arg(now) + sz; }, size},
        {QStringLiteral("COMPLETED,SCHEDULED, first page"),
         [&](int) { return QStringLiteral("status=COMPLETED,SCHEDULED&size=") + sz; }, size},
        {QStringLiteral("COMPLETED,SCHEDULED, after=cursor"),
         [&](int i) {
             if (i == 0)
                 cursor = deepCursor(QStringLiteral("status=COMPLETED,SCHEDULED"), 20000);
             return cursor.isEmpty() ? QString() : QStringLiteral("status=COMPLETED,SCHEDULED&size=") + sz + QStringLiteral("&after=") + cursor;
         }, size},
        {QStringLiteral("COMPLETED, start=10000"), [&](int) { return QStringLiteral("status=COMPLETED&start=10000&size=") + sz; }, size},
        {QStringLiteral("COMPLETED, start=random deep"),
         [&](int) { return QStringLiteral("status=COMPLETED&start=%1&size=").arg(random(deepMax / 3, deepMax)) + sz; }, size},
        {QStringLiteral("SCHEDULED, start=random deep"),
         [&](int) { return QStringLiteral("status=SCHEDULED&start=%1&size=").arg(random(queued / 3, std::max<qint64>(queued / 3 + 1, queued - size))) + sz; }, size},
        {QStringLiteral("COMPLETED, after=cursor (deep)"),
         [&](int i) {
             if (i == 0)
                 cursor = deepCursor(QStringLiteral("status=COMPLETED"), completedTasks / 2);
             return cursor.isEmpty() ? QString() : QStringLiteral("status=COMPLETED&size=") + sz + QStringLiteral("&after=") + cursor;
         }, size},
        {QStringLiteral("COMPLETED + type, after=cursor"),
         [&](int i) {
             if (i == 0)
                 cursor = deepCursor(QStringLiteral("status=COMPLETED&type=bench_reserve"), completedTasks / (2 * perWf));
             return cursor.isEmpty() ? QString()
                                     : QStringLiteral("status=COMPLETED&type=bench_reserve&size=") + sz + QStringLiteral("&after=") + cursor;
         }, size},
    };

    // One untimed round first (SQLite's page cache, Qt's connection).
    for (Kind &k : kinds) {
        const QString q = k.query(0);
        if (!q.isEmpty())
            page(q);
    }
    std::vector<Row> rows;
    for (Kind &k : kinds) {
        Row row;
        row.name = k.name;
        for (int i = 0; i < requests; ++i) {
            const QString q = k.query(i);
            if (q.isEmpty()) {
                row.note = cursorNote.isEmpty() ? QStringLiteral("cursor chain ended") : cursorNote;
                break;
            }
            QElapsedTimer t;
            t.start();
            const auto r = page(q);
            const double ms = t.nsecsElapsed() / 1e6;
            const QJsonObject o = r.json().object();
            const int n = int(o.value(QStringLiteral("results")).toArray().size());
            if (r.status != 200 || (k.expected >= 0 && n != k.expected)) {
                ++row.errors;
                if (row.note.isEmpty())
                    row.note = QStringLiteral("HTTP %1, %2 results: %3").arg(r.status).arg(n).arg(QString::fromUtf8(r.body.left(160)));
            }
            row.ms.push_back(ms);
            row.totalHits = qint64(o.value(QStringLiteral("totalHits")).toDouble(-1));
            row.relation = o.value(QStringLiteral("totalHitsRelation")).toString();
            cursor = o.value(QStringLiteral("nextAfter")).toString();
        }
        rows.push_back(row);
    }
    const Proc after = readProc(pid);

    printf("\nbench_memory: orreryd (%s) on %s: %lld completed + %lld queued tasks; %d requests per kind, size=%d\n",
           qPrintable(test::OrrerydProcess::binaryPath()), postgres ? "PostgreSQL" : "SQLite", completedTasks, queued, requests, size);
    printf("orreryd start to 'serving on': %.1f s; load average (1/5/15 min) at the end: %s\n\n", startSeconds, qPrintable(loadAverage()));
    printf("| GET /api/tasks?...                    |    n |  p50 ms |  p99 ms |  max ms | target p99 | verdict | totalHits       |\n");
    printf("|---------------------------------------|-----:|--------:|--------:|--------:|-----------:|---------|-----------------|\n");
    for (const Row &r : rows) {
        const double p99 = percentile(r.ms, 0.99);
        const QString verdict = r.ms.empty() ? QStringLiteral("n/a") : r.errors ? QStringLiteral("ERRORS") : p99 < kP99TargetMs ? QStringLiteral("ok") : QStringLiteral("MISS");
        const QString hits = r.totalHits < 0 ? QStringLiteral("-")
                                             : QString::number(r.totalHits) + (r.relation == QLatin1String("gte") ? QStringLiteral(" (at least)") : QString());
        printf("| %-37s | %4d | %7.1f | %7.1f | %7.1f | %8.0f ms | %-7s | %-15s |\n", qPrintable(r.name), int(r.ms.size()),
               percentile(r.ms, 0.5), p99, r.ms.empty() ? 0.0 : *std::max_element(r.ms.begin(), r.ms.end()), kP99TargetMs,
               qPrintable(verdict), qPrintable(hits));
    }
    for (const Row &r : rows)
        if (!r.note.isEmpty())
            printf("  note, %s: %s (%d errors)\n", qPrintable(r.name), qPrintable(r.note), r.errors);
    printf("\n| orreryd memory (/proc/<pid>/status)        |     MiB | target    | verdict |\n");
    printf("|--------------------------------------------|--------:|-----------|---------|\n");
    auto mem = [](const char *what, double mib, bool target) {
        printf("| %-42s | %7.1f | %-9s | %-7s |\n", what, mib, target ? "< 300 MiB" : "", target ? (mib < kRssTargetMiB ? "ok" : "MISS") : "");
    };
    mem("VmRSS at steady state after start", idle.rssMiB, true);
    mem("  RssAnon (heap)", idle.anonMiB, false);
    mem("  RssFile (binary, libraries, mapped files)", idle.fileMiB, false);
    mem("VmRSS after the page requests", after.rssMiB, true);
    mem("VmHWM (peak RSS, start-up included)", after.hwmMiB, true);
    fflush(stdout);
    orreryd.terminate(60000);
    return 0;
}
