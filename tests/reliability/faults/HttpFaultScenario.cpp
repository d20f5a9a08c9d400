#include "HttpFaultScenario.h"

#include "FaultRun.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

namespace orrery::test {

HttpFaultScenario::Figures HttpFaultScenario::run(const Options &o)
{
    Figures f;
    f.probesPerSecond = 1.0 / o.resetSeconds;
    FaultyEndpoint endpoint;
    if (!endpoint.start(&f.error))
        return f;
    const QJsonObject breakerSettings{{QStringLiteral("failureThreshold"), o.failureThreshold},
                                      {QStringLiteral("resetTimeoutSeconds"), o.resetSeconds}};
    FaultRun run(QJsonObject{{QStringLiteral("http:*"), breakerSettings}},
                 {QStringLiteral("--local-concurrency"), QStringLiteral("8")});
    if (!run.start(&f.error))
        return f;
    // A retry budget the fault must not exhaust: while the breaker is open tasks wait uncharged.
    const QJsonObject def{{QStringLiteral("name"), QStringLiteral("http")},
                          {QStringLiteral("retryCount"), 20},
                          {QStringLiteral("retryLogic"), QStringLiteral("FIXED")},
                          {QStringLiteral("retryDelaySeconds"), 1},
                          {QStringLiteral("responseTimeoutSeconds"), 60}};
    const QJsonObject input{{QStringLiteral("url"), QStringLiteral("${workflow.input.url}")},
                            {QStringLiteral("connectTimeoutMs"), 2000},
                            {QStringLiteral("readTimeoutMs"), o.readTimeoutMs}};
    if (!run.defineOneTaskWorkflow(QStringLiteral("remote_call"), def, input, &f.error))
        return f;
    f.baseline = LatencyProbe::baseline(run.port(), run.server().token(), 100);

    endpoint.setMode(o.mode);
    const qint64 faultStart = endpoint.nowMs();
    LatencyProbe probe(run.port(), run.server().token());
    probe.start();
    QStringList ids;
    for (int i = 0; i < o.workflows; ++i) {
        const QString id = run.startWorkflow(QStringLiteral("remote_call"),
                                             QJsonObject{{QStringLiteral("url"), endpoint.url(QStringLiteral("/api/%1").arg(i))}});
        if (id.isEmpty()) {
            f.error = QStringLiteral("starting workflow %1 failed").arg(i);
            return f;
        }
        ids << id;
    }
    f.started = int(ids.size());
    const QString name = QStringLiteral("http:127.0.0.1:%1").arg(endpoint.port());
    qint64 tripSeen = -1;
    while (endpoint.nowMs() < faultStart + o.faultMs) {
        if (tripSeen < 0 && run.breaker(name).value(QStringLiteral("trips")).toInt() >= 1)
            tripSeen = endpoint.nowMs();
        QThread::msleep(50);
    }
    const qint64 faultEnd = endpoint.nowMs();
    f.duringFault = probe.stop();
    const QJsonObject open = run.breaker(name);
    f.rejections = open.value(QStringLiteral("rejections")).toInt();
    f.tripped = tripSeen >= 0;
    if (f.tripped) {
        f.tripAfterMs = tripSeen - faultStart;
        // Calls already on the wire when the trip was seen count before it (a hanging call is
        // recorded when its request arrives); after a grace of one read timeout, only probes.
        const qint64 settled = tripSeen + o.readTimeoutMs / 2 + 100;
        f.callsBeforeTrip = endpoint.countBetween(faultStart, settled);
        f.callsWhileOpen = endpoint.countBetween(settled, faultEnd);
        f.openSeconds = double(faultEnd - settled) / 1000.0;
        f.callsPerSecondOpen = f.openSeconds > 0 ? f.callsWhileOpen / f.openSeconds : 0;
    }

    endpoint.setMode(FaultyEndpoint::Mode::Healthy);
    QElapsedTimer recovering;
    recovering.start();
    const QStringList pending = run.waitForAll(ids, 60000, &f.completed);
    f.recoverSeconds = double(recovering.elapsed()) / 1000.0;
    f.notEnded = int(pending.size());
    f.stateAfter = run.breaker(name).value(QStringLiteral("state")).toString();
    if (f.notEnded > 0)
        f.diagnostics = run.diagnostics();
    run.server().terminate(20000);
    return f;
}

} // namespace orrery::test
