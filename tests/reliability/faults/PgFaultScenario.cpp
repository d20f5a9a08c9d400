#include "PgFaultScenario.h"

#include "FaultProxy.h"
#include "FaultRun.h"
#include "PgCluster.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QThread>

namespace orrery::test {

PgFaultScenario::Figures PgFaultScenario::run(const Options &o)
{
    Figures f;
    PgCluster pg;
    if (!pg.create()) {
        f.error = QStringLiteral("SKIP PostgreSQL cannot run here: ") + pg.errorString();
        return f;
    }
    FaultProxy proxy(pg.port());
    if (!proxy.start(&f.error))
        return f;
    FaultRun run(QJsonObject{}, {QStringLiteral("--db"), PgCluster::urlFor(proxy.port())});
    if (!run.start(&f.error))
        return f;
    const QJsonObject def{{QStringLiteral("name"), QStringLiteral("noop")}, {QStringLiteral("retryCount"), 3},
                          {QStringLiteral("responseTimeoutSeconds"), 60}};
    if (!run.defineOneTaskWorkflow(QStringLiteral("pg_fault"), def, QJsonObject{{QStringLiteral("n"), QStringLiteral("${workflow.input.n}")}}, &f.error))
        return f;

    QStringList accepted;
    const QString wf = QStringLiteral("pg_fault");
    const auto feed = [&](Calls &calls, int forMs) { run.feedStarts(wf, forMs, o.startsPerSecond, calls, accepted); };
    feed(f.startsBefore, o.beforeMs);

    if (!pg.stop()) {
        f.error = pg.errorString();
        return f;
    }
    const qint64 downAt = proxy.nowMs();
    LatencyProbe probe(run.port(), run.server().token(), 50, 10000);
    probe.start();
    feed(f.startsDuring, o.downMs / 2);
    const auto read = run.timed("GET", QStringLiteral("/api/tasks?size=5"));
    f.readStatus = read.status; f.readMs = read.ms; f.readMessage = read.message;
    const auto ready = run.timed("GET", QStringLiteral("/readyz"));
    f.readyStatus = ready.status; f.readyMs = ready.ms; f.readyMessage = ready.message;
    f.healthStatus = run.timed("GET", QStringLiteral("/healthz")).status;
    f.storeBreakerDown = run.breaker(QStringLiteral("store")).value(QStringLiteral("state")).toString();
    feed(f.startsDuring, o.downMs - o.downMs / 2);
    f.probeDuring = probe.stop();
    const qint64 upAt = proxy.nowMs();
    f.downSeconds = double(upAt - downAt) / 1000.0;
    f.attemptsWhileDown = FaultProxy::countBetween(proxy.accepted(), downAt, upAt);
    f.attemptsPerSecond = f.downSeconds > 0 ? f.attemptsWhileDown / f.downSeconds : 0;

    if (!pg.start()) {
        f.error = pg.errorString();
        return f;
    }
    QElapsedTimer sinceRestart;
    sinceRestart.start();
    while (sinceRestart.elapsed() < 30000) {
        const int before = f.startsAfter.ok;
        feed(f.startsAfter, 200);
        if (f.startsAfter.ok > before) {
            f.firstOkStartAfterRestartMs = double(sinceRestart.elapsed());
            break;
        }
    }
    feed(f.startsAfter, o.afterMs);
    f.accepted = int(accepted.size());
    f.notEnded = int(run.waitForAll(accepted, 60000, &f.completed).size());
    f.storeBreakerAfter = run.breaker(QStringLiteral("store")).value(QStringLiteral("state")).toString();
    f.inStore = run.workflowsInStore();
    f.processAlive = run.server().get(QStringLiteral("/healthz")).status == 200;
    if (!f.processAlive || f.notEnded > 0 || f.startsDuring.other > 0)
        f.diagnostics = run.diagnostics();
    run.server().terminate(20000);
    return f;
}

} // namespace orrery::test
