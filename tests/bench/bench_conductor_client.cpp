// bench_conductor_client: Conductor client mode throughput. orreryd "server" (local workers off)
// holds N one-task workflows of type noop; orreryd "client" (--conductor-mode client) polls them
// with batch long polls, runs them on its worker pool and reports each with POST /api/tasks.
// Prints poll -> update round trips per second (tasks reported / time from the client's start
// to the last report). Never a test: figures only.
//   bench_conductor_client [--tasks N (2000)] [--workers W per type (64)]
#include "OrrerydProcess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using orrery::test::OrrerydProcess;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("ORRERY_TEST_BINARY_DIR"))
        qputenv("ORRERY_TEST_BINARY_DIR", ORRERY_BINARY_DIR);
    int tasks = 2000, workers = 64;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--tasks"))
            tasks = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--workers"))
            workers = args[i + 1].toInt();
    }
    if (tasks <= 0 || workers <= 0) {
        fprintf(stderr, "usage: bench_conductor_client [--tasks N] [--workers W]\n");
        return 2;
    }
    QTemporaryDir serverDir, clientDir;
    OrrerydProcess server(serverDir.path(), {QStringLiteral("--local-concurrency"), QStringLiteral("0"), QStringLiteral("--no-demo"),
                                             QStringLiteral("--rate-limit"), QStringLiteral("0")});
    QString error;
    if (!server.start(&error)) {
        fprintf(stderr, "server: %s\n", qPrintable(error));
        return 1;
    }
    const QJsonArray defs{QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")}, {QStringLiteral("retryCount"), 0},
                                      {QStringLiteral("responseTimeoutSeconds"), 600}}};
    server.request("POST", QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(defs).toJson());
    const QJsonObject wf{{QStringLiteral("name"), QStringLiteral("bench_remote")}, {QStringLiteral("version"), 1},
                         {QStringLiteral("schemaVersion"), 2},
                         {QStringLiteral("tasks"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")},
                                                                          {QStringLiteral("taskReferenceName"), QStringLiteral("n")},
                                                                          {QStringLiteral("type"), QStringLiteral("SIMPLE")}}}}};
    if (server.post(QStringLiteral("/api/metadata/workflow"), wf).status != 200) {
        fprintf(stderr, "cannot register the workflow\n");
        return 1;
    }
    for (int i = 0; i < tasks; ++i)
        if (server.post(QStringLiteral("/api/workflow/bench_remote"), QJsonObject{}).status != 200) {
            fprintf(stderr, "cannot start workflow %d\n", i);
            return 1;
        }

    qputenv("ORRERY_CONDUCTOR_KEY_SECRET", server.token());
    OrrerydProcess client(clientDir.path(), {QStringLiteral("--no-demo"), QStringLiteral("--local-concurrency"), QStringLiteral("0"),
                                             QStringLiteral("--conductor-mode"), QStringLiteral("client"),
                                             QStringLiteral("--conductor-url"), server.baseUrl(),
                                             QStringLiteral("--conductor-key-id"), QStringLiteral("bench"),
                                             QStringLiteral("--conductor-task-types"), QStringLiteral("noop"),
                                             QStringLiteral("--conductor-workers"), QString::number(workers)});
    QElapsedTimer clock;
    clock.start();
    if (!client.start(&error)) {
        fprintf(stderr, "client: %s\n", qPrintable(error));
        return 1;
    }
    const qint64 startedMs = clock.elapsed();
    int delivered = 0;
    qint64 lastMs = 0;
    QJsonObject status;
    while (clock.elapsed() < 600000) {
        status = client.get(QStringLiteral("/api/conductor/client")).json().object();
        const int now = status.value(QStringLiteral("workers")).toObject().value(QStringLiteral("reportsDelivered")).toInt();
        if (now != delivered) {
            delivered = now;
            lastMs = clock.elapsed();
        }
        if (delivered >= tasks)
            break;
        QThread::msleep(20);
    }
    const double seconds = double(lastMs - startedMs) / 1000.0;
    const QJsonObject w = status.value(QStringLiteral("workers")).toObject();
    printf("Conductor client mode (orreryd client -> orreryd server, loopback, 1-task noop workflows)\n");
    printf("  tasks %d, remote workers per type %d, polls %d, requests %d\n", tasks, workers,
           w.value(QStringLiteral("polls")).toInt(), status.value(QStringLiteral("requests")).toInt());
    printf("  poll -> update round trips: %d in %.2f s = %.0f /s (time from the client's start to its last report)\n",
           delivered, seconds, seconds > 0 ? delivered / seconds : 0.0);
    client.terminate(30000);
    server.terminate(30000);
    return delivered >= tasks ? 0 : 1;
}
