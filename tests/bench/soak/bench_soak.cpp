// bench_soak (issue 12, the one-hour soak): a real orreryd on a fresh SQLite store with retention
// configured, driven at a steady open-loop task rate through the REST API while socket.io-client
// clients on the hub count every event. Prints a table row every --sample-seconds (task rate,
// latencies, orreryd's RSS, fds, threads and CPU, the store's size and rows, hub deliveries) and
// at the end the verdict: RSS growth after warm-up < 5 %, no fd or thread growth, store size
// bounded, task rate held; exits 1 when a check fails, 2 when the run cannot be set up.
// A benchmark: docs/reliability-soak.md has the command, the checks and the figures of a run.
//
//   bench_soak [--minutes 60] [--rate 2000] [--tasks-per-workflow 4] [--clients 200] [--rooms 100]
//              [--client-processes 2] [--sample-seconds 60] [--retention-seconds 300]
//              [--cleanup-seconds 60] [--data-dir DIR] [--binary-dir DIR] [--client-script FILE]
//              [--node-modules DIR]
#include "SoakRun.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

#include <cstdio>

using namespace orrery::bench;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.setApplicationDescription(QStringLiteral("One-hour soak of a real orreryd: steady task rate, Socket.IO clients, "
                                                 "RSS/fd/thread/store growth (issue 12)."));
    cli.addHelpOption();
    SoakRun::Options o;
    auto opt = [](const char *name, const QString &help, const QString &def) {
        return QCommandLineOption(QString::fromLatin1(name), help + QStringLiteral(" (default %1)").arg(def), QStringLiteral("value"), def);
    };
    const QCommandLineOption minutes = opt("minutes", QStringLiteral("Length of the run in minutes (fractions allowed)."), QStringLiteral("60"));
    const QCommandLineOption rate = opt("rate", QStringLiteral("Target tasks per second."), QStringLiteral("2000"));
    const QCommandLineOption perWf = opt("tasks-per-workflow", QStringLiteral("noop tasks in a row per workflow."), QStringLiteral("4"));
    const QCommandLineOption clients = opt("clients", QStringLiteral("socket.io-client clients on /tasks."), QStringLiteral("200"));
    const QCommandLineOption rooms = opt("rooms", QStringLiteral("Projects the workflows and clients are spread over."), QStringLiteral("100"));
    const QCommandLineOption procs = opt("client-processes", QStringLiteral("node processes for the clients."), QStringLiteral("2"));
    const QCommandLineOption sample = opt("sample-seconds", QStringLiteral("Seconds between table rows."), QStringLiteral("60"));
    const QCommandLineOption retention = opt("retention-seconds", QStringLiteral("The cleanup job's retentionSeconds."), QStringLiteral("300"));
    const QCommandLineOption cleanup = opt("cleanup-seconds", QStringLiteral("The cleanup job's interval."), QStringLiteral("60"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("A new or empty directory for the store (kept afterwards)."),
                                     QStringLiteral("dir"));
    const QCommandLineOption binaryDir(QStringLiteral("binary-dir"),
                                       QStringLiteral("Build tree holding app/orreryd/orreryd (default: this build, %1).").arg(QStringLiteral(ORRERY_BUILD_DIR)),
                                       QStringLiteral("dir"), QStringLiteral(ORRERY_BUILD_DIR));
    const QCommandLineOption script(QStringLiteral("client-script"), QStringLiteral("soak_client.js to run."), QStringLiteral("file"),
                                    QStringLiteral(ORRERY_SOAK_CLIENT_SCRIPT));
    const QCommandLineOption modules(QStringLiteral("node-modules"), QStringLiteral("node_modules holding socket.io-client."),
                                     QStringLiteral("dir"), QStringLiteral(ORRERY_BENCH_NODE_MODULES));
    cli.addOptions({minutes, rate, perWf, clients, rooms, procs, sample, retention, cleanup, dataDir, binaryDir, script, modules});
    cli.process(app);

    auto number = [&cli](const QCommandLineOption &option, double min, double max, double &out) {
        bool ok = false;
        const double v = cli.value(option).toDouble(&ok);
        if (!ok || v < min || v > max) {
            std::fprintf(stderr, "bench_soak: --%s must be a number from %g to %g, not '%s'\n", qPrintable(option.names().first()), min,
                         max, qPrintable(cli.value(option)));
            return false;
        }
        out = v;
        return true;
    };
    double perWorkflow = 0, nClients = 0, nRooms = 0, nProcs = 0, retentionS = 0, cleanupS = 0;
    if (!number(minutes, 0.05, 24 * 60, o.minutes) || !number(rate, 1, 1e6, o.tasksPerSecond)
        || !number(perWf, 1, 100, perWorkflow) || !number(clients, 1, 10000, nClients) || !number(rooms, 1, 10000, nRooms)
        || !number(procs, 1, 16, nProcs) || !number(sample, 1, 3600, o.sampleSeconds)
        || !number(retention, 1, 86400, retentionS) || !number(cleanup, 1, 86400, cleanupS))
        return 2;
    o.tasksPerWorkflow = int(perWorkflow);
    o.clients = int(nClients);
    o.rooms = int(nRooms);
    o.clientProcesses = int(nProcs);
    o.retentionSeconds = int(retentionS);
    o.cleanupSeconds = int(cleanupS);
    o.dataDir = cli.value(dataDir);
    o.clientScript = cli.value(script);
    o.nodeModules = cli.value(modules);
    if (!QFileInfo::exists(cli.value(binaryDir) + QStringLiteral("/app/orreryd/orreryd"))) {
        std::fprintf(stderr, "bench_soak: no app/orreryd/orreryd under --binary-dir %s\n", qPrintable(cli.value(binaryDir)));
        return 2;
    }
    qputenv("ORRERY_TEST_BINARY_DIR", cli.value(binaryDir).toUtf8());
    SoakRun run(o);
    return run.exec();
}
