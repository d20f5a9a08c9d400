// REST API throughput with wrk (keep-alive): GET /api/tasks/{taskId} and workflow start
// (POST /api/workflow/{name}), against an in-process server (SQLite store, engine, tokens,
// audit log on, rate limit off). Prints requests/s and latency percentiles from wrk. Figures
// only, never a test. Needs `wrk` (Debian package; scripts/install-deps.sh installs it).
//
//   bench_rest [--duration S] [--connections C] [--threads T] [--only get|start]

#include "api/HttpApiServer.h"
#include "api/TokenService.h"
#include "core/BlockingCall.h"
#include "store/Store.h"
#include "workflow/Engine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTextStream>

#include <cstdio>

using namespace orrery;

namespace {

struct WrkFigures
{
    double requestsPerSecond = 0;
    QString p50, p75, p90, p99;
    QString non2xx;
    QString error;
};

WrkFigures runWrk(const QStringList &args)
{
    WrkFigures f;
    QProcess wrk;
    wrk.setProcessChannelMode(QProcess::MergedChannels);
    wrk.start(QStringLiteral("wrk"), args);
    if (!wrk.waitForStarted()) {
        f.error = QStringLiteral("cannot start wrk (apt-get install wrk)");
        return f;
    }
    wrk.waitForFinished(-1);
    const QString out = QString::fromUtf8(wrk.readAll());
    const auto rps = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(out);
    if (!rps.hasMatch()) {
        f.error = out.trimmed();
        return f;
    }
    f.requestsPerSecond = rps.captured(1).toDouble();
    auto pct = [&out](const char *p) {
        return QRegularExpression(QStringLiteral("\\s%1%\\s+([0-9.]+[a-z]+)").arg(QLatin1String(p))).match(out).captured(1);
    };
    f.p50 = pct("50");
    f.p75 = pct("75");
    f.p90 = pct("90");
    f.p99 = pct("99");
    f.non2xx = QRegularExpression(QStringLiteral("Non-2xx or 3xx responses:\\s+(\\d+)")).match(out).captured(1);
    return f;
}

void print(QTextStream &out, const QString &name, const WrkFigures &f, const QString &target)
{
    if (!f.error.isEmpty()) {
        out << name << ": " << f.error << "\n";
        return;
    }
    out << QStringLiteral("%1  %2 req/s   p50 %3  p75 %4  p90 %5  p99 %6%7   (target %8)\n")
               .arg(name, -26)
               .arg(f.requestsPerSecond, 9, 'f', 0)
               .arg(f.p50, 8).arg(f.p75, 8).arg(f.p90, 8).arg(f.p99, 8)
               .arg(f.non2xx.isEmpty() ? QString() : QStringLiteral("  non-2xx %1").arg(f.non2xx))
               .arg(target);
    out.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("REST API throughput with wrk."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("duration"), QStringLiteral("Seconds per run (default 10)."), QStringLiteral("s"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("connections"), QStringLiteral("Keep-alive connections (default 32)."), QStringLiteral("n"), QStringLiteral("32")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("wrk threads (default 1: the other core serves)."), QStringLiteral("n"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("only"), QStringLiteral("get or start."), QStringLiteral("run")});
    parser.process(app);
    QTextStream out(stdout);
    if (QStandardPaths::findExecutable(QStringLiteral("wrk")).isEmpty()) {
        out << "bench_rest: wrk is not installed (apt-get install wrk)\n";
        return 1;
    }

    QTemporaryDir dir;
    auto opened = Store::open(StoreConfig{dir.filePath(QStringLiteral("orrery.db"))});
    if (!opened.ok()) {
        out << "bench_rest: " << opened.error().message << "\n";
        return 1;
    }
    std::unique_ptr<Store> store = std::move(opened).value();
    Engine engine(store.get(), EngineConfig{});
    if (auto r = engine.start(); !r.ok()) {
        out << "bench_rest: " << r.error().message << "\n";
        return 1;
    }
    TokenService tokens(store.get(), nullptr);
    (void)tokens.load();
    auto issued = tokens.create(QStringLiteral("bench"), Role::Admin);
    if (!issued.ok()) {
        out << "bench_rest: " << issued.error().message << "\n";
        return 1;
    }
    ApiServerOptions options;
    options.http.rateLimitPerSecond = 0; // measure the server, not the limiter
    auto server = std::make_unique<HttpApiServer>(&engine, &tokens, options);
    auto port = server->start(QHostAddress::LocalHost, 0);
    if (!port.ok()) {
        out << "bench_rest: " << port.error().message << "\n";
        return 1;
    }

    // One workflow whose first task is the GET target.
    auto def = WorkflowDef::fromJson(QJsonObject{
        {QStringLiteral("name"), QStringLiteral("bench_wf")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("schemaVersion"), 2},
        {QStringLiteral("tasks"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("bench_t")},
                                                         {QStringLiteral("taskReferenceName"), QStringLiteral("t1")},
                                                         {QStringLiteral("type"), QStringLiteral("SIMPLE")}}}}});
    (void)blockingCall<void>([&](auto reply) { engine.registerWorkflowDef(def.value(), true, reply); });
    StartWorkflowRequest start;
    start.name = QStringLiteral("bench_wf");
    auto wfId = blockingCall<QString>([&](auto reply) { engine.startWorkflow(start, reply); });
    auto wf = blockingCall<QJsonObject>([&](auto reply) { engine.workflow(wfId.value(), true, reply); });
    const QString taskId = wf->value(QStringLiteral("tasks")).toArray().first().toObject().value(QStringLiteral("taskId")).toString();

    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(*port);
    const QString auth = QStringLiteral("Authorization: Bearer ") + issued->secret;
    const QStringList common = {QStringLiteral("-t"), parser.value(QStringLiteral("threads")), QStringLiteral("-c"),
                                parser.value(QStringLiteral("connections")), QStringLiteral("-d"),
                                parser.value(QStringLiteral("duration")) + u's', QStringLiteral("--latency"),
                                QStringLiteral("-H"), auth};
    out << "bench_rest: " << QThread::idealThreadCount() << " cores, wrk " << parser.value(QStringLiteral("threads"))
        << " thread(s), " << parser.value(QStringLiteral("connections")) << " keep-alive connections, "
        << parser.value(QStringLiteral("duration")) << " s per run\n";
    const QString only = parser.value(QStringLiteral("only"));
    if (only.isEmpty() || only == QLatin1String("get"))
        print(out, QStringLiteral("GET /api/tasks/{taskId}"), runWrk(common + QStringList{base + QStringLiteral("/api/tasks/") + taskId}),
              QStringLiteral(">= 15000 req/s on 2 cores"));
    if (only.isEmpty() || only == QLatin1String("start")) {
        QFile script(dir.filePath(QStringLiteral("start.lua")));
        if (script.open(QIODevice::WriteOnly)) {
            script.write("wrk.method = \"POST\"\nwrk.body = '{\"n\":1}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
            script.close();
        }
        print(out, QStringLiteral("POST /api/workflow/{name}"),
              runWrk(common + QStringList{QStringLiteral("-s"), script.fileName(), base + QStringLiteral("/api/workflow/bench_wf")}),
              QStringLiteral("durable starts: each answered after its commit"));
    }
    server->stop();
    engine.stop();
    store->close();
    return 0;
}
